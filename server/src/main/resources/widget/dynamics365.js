/*
 * Chatpass glue for the Dynamics 365 Contact Center (Omnichannel) live chat widget with authenticated chat. In the
 * chat authentication setting, the "JavaScript client function" is the function this glue defines (by default
 * auth.getAuthenticationToken; another name with data-function), and the "Public key URL" is Chatpass's
 * /v1/dynamics365/public-key.
 *
 *   <script src="https://chatpass.example.com/v1/widget/dynamics365.js" data-function="auth.getAuthenticationToken"></script>
 *   <script id="Microsoft_Omnichannel_LCWidget" src="https://oc-cdn-ocprod.azureedge.net/livechatwidget/scripts/LiveChatBootstrapper.js" ...></script>
 *
 * Signed in: the function answers the widget's callback with a fresh token from Chatpass on every call (the widget
 * asks when a chat starts and allows 10 seconds); after lcw:ready the same provider is set with
 * Microsoft.Omnichannel.LiveChatWidget.SDK.setAuthTokenProvider. Signed out: the function is not defined and the
 * provider is removed, so no chat starts as anybody. Chatpass.dynamics365.logout() removes both
 * (removeAuthTokenProvider).
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var path = (script.getAttribute('data-function') || 'auth.getAuthenticationToken').split('.');
  var ready = false;
  var signedIn = false;

  function sdk() {
    var m = window.Microsoft;
    return m && m.Omnichannel && m.Omnichannel.LiveChatWidget && m.Omnichannel.LiveChatWidget.SDK;
  }

  /** The widget's token function: callback(jwt) with a token minted now (the widget allows 10 seconds). */
  function provider(callback) {
    C._identity(base, 'dynamics365').then(function (id) {
      if (id) callback(id.token);
      else console.warn('Chatpass: Dynamics 365 asked for a token but the visitor is not signed in');
    }, function (err) { console.error(err); });
  }

  function define(on) {
    var o = window;
    for (var i = 0; i < path.length - 1; i++) {
      if (!o[path[i]]) { if (!on) return; o[path[i]] = {}; }
      o = o[path[i]];
    }
    if (on) o[path[path.length - 1]] = provider;
    else delete o[path[path.length - 1]];
  }

  function apply() {
    define(signedIn);
    var s = sdk();
    if (!ready || !s) return;
    if (signedIn) s.setAuthTokenProvider(provider);
    else if (s.getAuthTokenProvider && s.getAuthTokenProvider()) s.removeAuthTokenProvider();
  }

  C._glue('dynamics365', base, function (id) {
    signedIn = !!id;
    apply();
  }, function () {
    signedIn = false;
    apply();
  }, { refresh: false });

  window.addEventListener('lcw:ready', function () {
    ready = true;
    apply();
  });
})();
