/*
 * Chatpass glue for Chatwoot (identity validation). One tag, beside Chatwoot's widget snippet:
 *
 *   <script src="https://chatpass.example.com/v1/widget/chatwoot.js"></script>
 *
 * Signed in: window.$chatwoot.setUser(identifier, {name, email, identifier_hash}) after the 'chatwoot:ready' event.
 * Signed out: nothing is called (Chatwoot's enforcement gates only setUser: keep the widget off pages where
 * anonymous chats are unwanted). Chatpass.chatwoot.logout() calls $chatwoot.reset().
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var base = new URL(document.currentScript.src).origin;

  function whenReady(fn) {
    if (window.$chatwoot && window.$chatwoot.hasLoaded) fn();
    else window.addEventListener('chatwoot:ready', fn, { once: true });
  }

  C._glue('chatwoot', base, function (id, previous) {
    if (!id) return;
    whenReady(function () {
      if (previous && previous.identifier !== id.identifier) window.$chatwoot.reset();
      var attrs = { identifier_hash: id.identifier_hash };
      if (id.name) attrs.name = id.name;
      if (id.email) attrs.email = id.email;
      window.$chatwoot.setUser(id.identifier, attrs);
    });
  }, function () {
    if (window.$chatwoot) window.$chatwoot.reset();
  });
})();
