/*
 * Chatpass glue for the Featurebase Messenger (secure installation). One tag instead of Featurebase's snippet and
 * boot call:
 *
 *   <script src="https://chatpass.example.com/v1/widget/featurebase.js" data-app-id="APP_ID"></script>
 *
 * It defines Featurebase's command queue and loads its SDK (data-sdk-src, default https://do.featurebase.app/js/sdk.js)
 * when the page has not, then boots the Messenger: signed in, Featurebase("boot", {appId, featurebaseJwt}) with
 * the token from Chatpass (userId, the email only when the login verified it, name); signed out, with appId alone.
 * Featurebase documents no logout call: Chatpass.featurebase.logout() boots the Messenger again without a token, as
 * a signed-out page load does.
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var appId = script.getAttribute('data-app-id');
  var sdkSrc = script.getAttribute('data-sdk-src') || 'https://do.featurebase.app/js/sdk.js';
  if (!appId) console.warn('Chatpass: featurebase.js needs data-app-id');

  if (typeof window.Featurebase !== 'function') {
    window.Featurebase = function () { (window.Featurebase.q = window.Featurebase.q || []).push(arguments); };
    C._loadScript(sdkSrc, 'featurebase-sdk');
  }

  function boot(id) {
    var o = { appId: appId };
    if (id) o.featurebaseJwt = id.featurebaseJwt;
    window.Featurebase('boot', o);
  }

  C._glue('featurebase', base, boot, function () { boot(null); });
})();
