/*
 * Chatpass glue for Intercom Messenger. One tag, before (or instead of) Intercom's own loader:
 *
 *   <script src="https://chatpass.example.com/v1/widget/intercom.js" data-app-id="abc123"
 *           data-snippet-src="https://widget.intercom.io/widget/abc123"></script>   (optional: Intercom's loader)
 *
 * Signed in: boots Intercom with the identity from Chatpass (Messenger Security: intercom_user_jwt; or the older
 * identity verification: user_id, email, name, user_hash). Signed out: boots anonymously. Signing in later on the
 * same page (Chatpass.signedIn) identifies the anonymous visitor with an 'update' carrying the JWT (Intercom turns
 * the visitor, and its conversation, into the user). A JWT near its expiry is replaced by an 'update' with a fresh
 * one. Intercom refuses an 'update' for a secured user without the JWT: use Chatpass.intercom.update(attrs), which
 * adds it. Signed out (Chatpass.signedOut): Intercom('shutdown') (without it Intercom keeps the user's conversations
 * on this device for a week), then an anonymous boot. Intercom cannot take a user after a shutdown on the same page
 * (it answers 403 "App suspended" until the page loads again): a sign-in after a sign-out, or as another user,
 * reloads the page once (see Chatpass.autoReload; data-reload="false" to only get the reload_required event).
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var appId = script.getAttribute('data-app-id');
  var snippetSrc = script.getAttribute('data-snippet-src');
  var reloadAllowed = script.getAttribute('data-reload') !== 'false';
  var booted = false;
  var shutDown = false;
  if (!appId) console.warn('Chatpass: intercom.js needs data-app-id');

  function settingsFor(id) {
    var s = { app_id: appId };
    if (id) Object.keys(id).forEach(function (k) { if (k !== 'expires_at') s[k] = id[k]; });
    return s;
  }

  function userOf(id) {
    return id && (id.user_id || id.intercom_user_jwt && C._claims(id.intercom_user_jwt).user_id);
  }

  function apply(id, previous) {
    var s = settingsFor(id);
    window.intercomSettings = s;
    if (!booted) {
      booted = true;
      if (typeof window.Intercom === 'function') window.Intercom('boot', s);
      else C._loadScript(snippetSrc, 'chatpass-intercom-loader'); // the loader boots from intercomSettings
      return;
    }
    if (!id || typeof window.Intercom !== 'function') return;
    if (shutDown || (previous && userOf(previous) !== userOf(id))) {
      C._reloadRequired('intercom', 'Intercom cannot identify another user after a shutdown until the page loads again', reloadAllowed);
      return;
    }
    window.Intercom('update', s); // the same user with a fresh JWT, or the anonymous visitor becoming the user
  }

  var api = C._glue('intercom', base, apply, function () {
    if (typeof window.Intercom === 'function') window.Intercom('shutdown');
    shutDown = true;
    window.intercomSettings = settingsFor(null);
    if (typeof window.Intercom === 'function') window.Intercom('boot', window.intercomSettings);
  });

  function fresh() {
    var id = api.identity;
    var life = id && C._lifetime(id);
    var nearExpiry = life !== null && life !== undefined && id._receivedAt + life - Date.now() < 60000;
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
