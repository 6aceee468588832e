/*
 * Chatpass glue for Tawk.to (Secure Mode). One tag, before Tawk.to's embed code (or instead of it):
 *
 *   <script src="https://chatpass.example.com/v1/widget/tawkto.js"
 *           data-snippet-src="https://embed.tawk.to/PROPERTY_ID/WIDGET_ID"></script>   (optional: the embed)
 *
 * Signed in: Tawk_API.login({hash, userId, name, email}) once the widget has loaded (the hash is over userId, as
 * login() requires). Signed out: nothing is called. Chatpass.tawkto.logout() calls Tawk_API.logout().
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var snippetSrc = script.getAttribute('data-snippet-src');
  var T = window.Tawk_API = window.Tawk_API || {};
  window.Tawk_LoadStart = window.Tawk_LoadStart || new Date();

  // Whether the widget has loaded, watched from the start: a visitor may sign in long after it loaded (an SPA).
  var loaded = false;
  var waiting = [];
  var pageOnLoad = T.onLoad;
  T.onLoad = function () {
    loaded = true;
    if (typeof pageOnLoad === 'function') pageOnLoad.apply(this, arguments);
    waiting.splice(0).forEach(function (fn) { fn(); });
  };

  function whenLoaded(fn) {
    if (loaded && typeof T.login === 'function') fn();
    else waiting.push(fn);
  }

  C._glue('tawkto', base, function (id, previous) {
    if (id) {
      whenLoaded(function () {
        if (previous && previous.userId !== id.userId && typeof T.logout === 'function') T.logout(function () {});
        T.login({ hash: id.hash, userId: id.userId, name: id.name, email: id.email }, function (error) {
          if (error) console.error('Chatpass: Tawk.to login failed', error);
        });
      });
    }
    C._loadScript(snippetSrc, 'chatpass-tawkto-embed');
  }, function () {
    if (typeof T.logout === 'function') T.logout(function () {});
  });
})();
