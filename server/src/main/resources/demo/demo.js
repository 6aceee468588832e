// The demo shop's own page logic: who is signed in, signing in and out. Two modes:
//  - classic (/demo/): the sign-in form posts and the page loads again; signing out resets every widget
//    (Chatpass.signedOut), then the site's own sign-out.
//  - single-page app (/demo/?spa=1): sign-in and sign-out without a page load, through Chatpass.signedIn and
//    Chatpass.signedOut, with every Chatpass event listed; where a widget needs a page load (LiveChat, Zendesk
//    Chat) the demo shows it and offers the reload instead of reloading by itself.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var spa = params.has('spa');
  var C = window.Chatpass;
  function $(id) { return document.getElementById(id); }

  var events = [];
  function log(text, kind) {
    events.push(text);
    var list = $('event-log');
    if (!list) return;
    var li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + '  ' + text;
    if (kind) li.className = kind;
    list.appendChild(li);
    if (text.indexOf('reload_required') >= 0) $('reload-needed').hidden = false;
  }
  window.demoSpaEvents = events;
  C.on('identity', function (e) { log('identity: ' + e.vendor + (e.signedIn ? ' identified' : ' anonymous')); });
  C.on('signedOut', function () { log('signedOut'); });
  C.on('error', function (e) { log('error: ' + (e.vendor ? e.vendor + ' ' : '') + e.code + (e.message ? ' (' + e.message + ')' : ''), 'error'); });
  if (spa) C.autoReload = false; // the demo shows reload_required and lets you reload

  // Quiet first: /v1/session always answers 200, so a signed-out visit logs no failed request.
  function who() {
    return fetch('/v1/session', { credentials: 'include', cache: 'no-store' }).then(function (r) { return r.json(); })
      .then(function (s) {
        if (!s.signedIn) return { session: s, me: null };
        return fetch('/v1/me', { credentials: 'include', cache: 'no-store' }).then(function (r) { return r.json(); })
          .then(function (me) { return { session: s, me: me }; });
      });
  }

  function show(state) {
    var me = state.me;
    $('signedin').hidden = !me;
    $('signin').hidden = !!me;
    if (me) {
      $('who').textContent = me.name;
      $('identity-line').textContent = 'Chatpass verified you: id ' + me.id + ', ' + me.email + ' (verifier: ' + me.verifier + ').';
    } else if (state.session.code === 'user_blocked') {
      $('identity-line').textContent = 'This account is blocked: Chatpass vouches for it to no widget.';
    } else {
      $('identity-line').textContent = 'You are not signed in: every widget treats you as an anonymous visitor.';
    }
    document.body.setAttribute('data-ready', 'true');
    document.body.setAttribute('data-signed-in', me ? 'true' : 'false');
  }

  function refreshHeader() { return who().then(show); }
  refreshHeader();

  if (spa) {
    document.body.classList.add('spa');
    $('spa-panel').hidden = false;
    $('mode-link').href = '/demo/';
    $('mode-link').textContent = 'Switch to the classic page';
    $('signin').addEventListener('submit', function (e) {
      e.preventDefault();
      var body = new URLSearchParams({ name: $('name').value });
      fetch('/sandbox/login', { method: 'POST', body: body, credentials: 'include', redirect: 'manual' })
        .then(function () { return C.signedIn(); })   // the login cookie is set: every widget identifies again
        .then(refreshHeader);
    });
    $('signout').addEventListener('click', function () {
      fetch('/sandbox/logout', { credentials: 'include', redirect: 'manual' }).then(function () {
        C.signedOut();                                 // every widget reset, here and in the other tabs
        return refreshHeader();
      });
    });
    $('reload').addEventListener('click', function () { window.location.reload(); });
  } else {
    $('signout').addEventListener('click', function () {
      C.autoReload = false; // the site's own sign-out loads the page next
      C.signedOut();
      var lc = window.LiveChatWidget && window.LiveChatWidget.logout ? window.LiveChatWidget.logout() : Promise.resolve();
      lc.then(function () { window.location.href = '/sandbox/logout'; });
    });
  }
})();
