// The demo shop's own page logic: who is signed in, and signing out (each widget's logout, then the site's).
(function () {
  'use strict';
  function $(id) { return document.getElementById(id); }
  fetch('/v1/me', { credentials: 'include', cache: 'no-store' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (me) {
      if (me) {
        $('signedin').hidden = false;
        $('who').textContent = me.name;
        $('identity-line').textContent = 'Chatpass verified you: id ' + me.id + ', ' + me.email + ' (verifier: ' + me.verifier + ').';
      } else {
        $('signin').hidden = false;
        $('identity-line').textContent = 'You are not signed in: both widgets treat you as an anonymous visitor.';
      }
      document.body.setAttribute('data-ready', 'true');
    });
  $('signout').addEventListener('click', function () {
    window.Chatpass.zendesk.logout();
    (window.demoWidgets || []).forEach(function (v) { if (window.Chatpass[v]) window.Chatpass[v].logout(); });
    window.LiveChatWidget.logout().then(function () { window.location.href = '/sandbox/logout'; });
  });
})();
