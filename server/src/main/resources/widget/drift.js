/*
 * Chatpass glue for Drift (signed identities). One tag, after Drift's snippet (which defines window.drift):
 *
 *   <script src="https://chatpass.example.com/v1/widget/drift.js"></script>
 *
 * Signed in: drift.identify(userId, {email, name}, {userJwt}). Signed out: nothing is called.
 * Chatpass.drift.logout() calls drift.reset().
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var base = new URL(document.currentScript.src).origin;

  function drift() {
    if (window.drift && typeof window.drift.identify === 'function') return window.drift;
    console.warn('Chatpass: drift is not on the page; add Drift\'s snippet');
    return null;
  }

  C._glue('drift', base, function (id, previous) {
    var d = id && drift();
    if (!d) return;
    if (previous && previous.userId !== id.userId && typeof d.reset === 'function') d.reset();
    var attrs = {};
    if (id.email) attrs.email = id.email;
    if (id.name) attrs.name = id.name;
    d.identify(id.userId, attrs, { userJwt: id.userJwt });
  }, function () {
    var d = drift();
    if (d && typeof d.reset === 'function') d.reset();
  });
})();
