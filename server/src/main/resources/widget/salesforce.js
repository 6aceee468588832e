/*
 * Chatpass glue for Salesforce enhanced chat (Messaging for In-App and Web) with user verification. Place the tag
 * before Salesforce's own embedded-messaging snippet, so it hears the client's events:
 *
 *   <script src="https://chatpass.example.com/v1/widget/salesforce.js"></script>
 *   <script>function initEmbeddedMessaging() { embeddedservice_bootstrap.init(...); }</script>   (Salesforce's snippet)
 *
 * Signed in: once Salesforce fires onEmbeddedMessagingReady, gives it the identity token from Chatpass with
 * userVerificationAPI.setIdentityToken({identityTokenType: 'JWT', identityToken}) (a token Chatpass signed with its
 * own key; Salesforce checks it against the keyset registered from Chatpass's /.well-known/jwks.json). Salesforce
 * keeps the token in memory, so every page load and every tab does this again. When Salesforce fires
 * onEmbeddedMessagingIdentityTokenExpired it allows 30 seconds for a new token: the glue fetches a fresh one at once.
 * Signed out: nothing is given (Salesforce shows the unverified experience, if the deployment allows one).
 * Chatpass.salesforce.logout() calls userVerificationAPI.clearSession(true): the conversation ends and Salesforce
 * clears its messaging data in every tab.
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var base = new URL(document.currentScript.src).origin;
  var ready = false;
  var current = null;

  function verification() {
    var b = window.embeddedservice_bootstrap;
    return b && b.userVerificationAPI;
  }

  function give(id) {
    var uv = verification();
    if (!id || !ready || !uv) return;
    uv.setIdentityToken({ identityTokenType: id.identityTokenType, identityToken: id.identityToken });
  }

  function clear() {
    var uv = verification();
    if (ready && uv) uv.clearSession(true);
  }

  function sub(id) {
    return id && C._claims(id.identityToken).sub;
  }

  var api = C._glue('salesforce', base, function (id) {
    var was = current;
    current = id;
    if (id && was && sub(was) !== sub(id)) clear(); // another user: end the last one's verified session first
    if (id) give(id);
    else if (was) clear(); // the login went away (a new login token, or none): end the verified session
  }, function () {
    current = null;
    clear();
  });

  window.addEventListener('onEmbeddedMessagingReady', function () {
    ready = true;
    give(current);
  });
  window.addEventListener('onEmbeddedMessagingIdentityTokenExpired', function () {
    if (current) api.refresh(); // Salesforce waits 30 s for the new token
  });
})();
