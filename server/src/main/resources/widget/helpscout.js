/*
 * Chatpass glue for Help Scout Beacon (secure mode). One tag, after Beacon's embed code:
 *
 *   <script src="https://chatpass.example.com/v1/widget/helpscout.js"></script>
 *
 * Signed in: Beacon('identify', {name, email, signature}), which gives the user their history on every device.
 * Signed out: nothing is called. Chatpass.helpscout.logout() calls Beacon('logout').
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var base = new URL(document.currentScript.src).origin;

  function beacon() {
    if (typeof window.Beacon === 'function') return window.Beacon;
    console.warn('Chatpass: Beacon is not on the page; add Help Scout\'s Beacon embed code');
    return null;
  }

  C._glue('helpscout', base, function (id, previous) {
    var b = id && beacon();
    if (!b) return;
    if (previous && previous.email !== id.email) b('logout'); // another user: the Beacon forgets the last one first
    b('identify', { name: id.name, email: id.email, signature: id.signature });
  }, function () {
    var b = beacon();
    if (b) b('logout');
  });
})();
