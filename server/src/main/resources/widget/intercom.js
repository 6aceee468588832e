/*
 * Chatpass glue for Intercom Messenger. One tag, before (or instead of) Intercom's own loader:
 *
 *   <script src="https://chatpass.example.com/v1/widget/intercom.js" data-app-id="abc123"
 *           data-snippet-src="https://widget.intercom.io/widget/abc123"></script>   (optional: Intercom's loader)
 *
 * Signed in: boots Intercom with the identity from Chatpass (Messenger Security: intercom_user_jwt; or the older
 * identity verification: user_id, email, name, user_hash). Signed out: boots anonymously.
 * Intercom refuses an 'update' for a secured user without the JWT: use Chatpass.intercom.update(attrs), which adds
 * it (a fresh one when the current one is near its expiry). Chatpass.intercom.logout() calls Intercom('shutdown')
 * (without it Intercom keeps the user's conversations on this device for a week) and boots anonymously again.
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var appId = script.getAttribute('data-app-id');
  var snippetSrc = script.getAttribute('data-snippet-src');
  if (!appId) console.warn('Chatpass: intercom.js needs data-app-id');

  function settingsFor(id) {
    var s = { app_id: appId };
    if (id) Object.keys(id).forEach(function (k) { if (k !== 'expires_at') s[k] = id[k]; });
    return s;
  }

  function boot(id) {
    var s = settingsFor(id);
    window.intercomSettings = s;
    if (typeof window.Intercom === 'function') window.Intercom('boot', s);
    else C._loadScript(snippetSrc, 'chatpass-intercom-loader'); // the loader boots from intercomSettings
  }

  var api = C._glue('intercom', base, boot, function () {
    if (typeof window.Intercom === 'function') window.Intercom('shutdown');
    window.intercomSettings = settingsFor(null);
    if (typeof window.Intercom === 'function') window.Intercom('boot', window.intercomSettings);
  });

  function fresh() {
    var id = api.identity;
    var nearExpiry = id && id.expires_at && Date.parse(id.expires_at) - Date.now() < 60000;
    return nearExpiry ? C._identity(base, 'intercom').then(function (n) { api.identity = n; return n; }) : Promise.resolve(id);
  }

  /** Intercom('update', attrs) with the signed identity added: every update of a secured user must carry it. */
  api.update = function (attrs) {
    return fresh().then(function (id) {
      var s = {};
      if (attrs) Object.keys(attrs).forEach(function (k) { s[k] = attrs[k]; });
      if (id) Object.keys(id).forEach(function (k) { if (k !== 'expires_at') s[k] = id[k]; });
      if (typeof window.Intercom === 'function') window.Intercom('update', s);
      return s;
    });
  };
})();
