/*
 * Chatpass glue for LiveChat's Custom Identity Provider. Load it BEFORE the LiveChat snippet:
 *
 *   <script src="https://chatpass.example.com/v1/widget/livechat.js" data-set-customer="true"></script>
 *   <script>window.__lc = window.__lc || {}; window.__lc.license = 12345678; ...LiveChat snippet...</script>
 *
 * It holds the widget (window.__lc.asyncInit = true), asks Chatpass whether the visitor is signed in, installs
 * window.__lc.custom_identity_provider only for a signed-in visitor, then starts the widget. A signed-out visitor
 * gets LiveChat's normal anonymous behaviour. The __lc_cst secret never reaches the browser: Chatpass keeps it.
 * Sites that keep the login token out of cookies call Chatpass.setLoginToken(fn) (see the prelude above).
 * Single-page apps: LiveChat takes the identity provider only as the widget starts, so a sign-in on a page that
 * started anonymous (or as another user) reloads the page once; a sign-out invalidates the user's customer token
 * (the CIP's invalidate) and reloads, so the widget starts anonymous (Chatpass.autoReload; data-reload="false" to
 * only get the reload_required event).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var setCustomer = script.getAttribute('data-set-customer') === 'true';
  var reloadAllowed = script.getAttribute('data-reload') !== 'false';
  var C = window.Chatpass;
  var startedAs = null; // the user id the widget started with, or false (anonymous)
  window.__lc = window.__lc || {};
  window.__lc.asyncInit = true;

  var token = null;       // the token held in memory (a plain object)
  var inflight = null;    // the request in progress, shared by every caller
  var inflightFresh = false;

  function errorFrom(status, problem) {
    var code = problem && problem.vendorCode;
    var family = problem && problem.vendorFamily;
    var err = new Error(code || (problem && problem.code) || ('HTTP ' + status));
    // Refusals stop the widget; anything else is a plain Error, which the widget retries with backoff.
    if (status === 502 && family === 'identity_exception') err.code = 'SSO_IDENTITY_EXCEPTION';
    else if (status === 502 && family === 'oauth_exception') err.code = 'SSO_OAUTH_EXCEPTION';
    return err;
  }

  function post(path) {
    return window.Chatpass._fetch(base + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}'
    }).then(function (r) {
      if (r.status === 204) return null;
      if (r.ok) return r.json();
      return r.json().catch(function () { return null; }).then(function (p) { throw errorFrom(r.status, p); });
    });
  }

  function plain(t) {
    var o = { accessToken: t.accessToken, entityId: t.entityId, expiresIn: t.expiresIn, tokenType: t.tokenType,
              creationDate: t.creationDate };
    if (t.licenseId !== undefined) o.licenseId = t.licenseId;
    if (t.organizationId !== undefined) o.organizationId = t.organizationId;
    return o;
  }

  function unexpired(t) { return t !== null && Date.now() < t.creationDate + t.expiresIn; }

  function request(path, fresh) {
    inflightFresh = fresh;
    var p = post(path).then(function (t) {
      token = plain(t);
      return token;
    });
    inflight = p;
    var clear = function () { if (inflight === p) { inflight = null; inflightFresh = false; } };
    p.then(clear, clear);
    return p;
  }

  var provider = {
    getToken: function () {
      if (inflight) return inflight;                       // e.g. a getFreshToken the widget just started
      if (unexpired(token)) return Promise.resolve(token);
      return request('/v1/livechat/token', false);
    },
    getFreshToken: function () {
      if (inflight && inflightFresh) return inflight;      // concurrent callers share one refresh
      return request('/v1/livechat/token/fresh', true);
    },
    hasToken: function () { return Promise.resolve(unexpired(token)); },
    invalidate: function () {
      token = null;
      return post('/v1/livechat/token/invalidate').then(function () {});
    }
  };

  function startWidget(attempt) {
    if (window.LiveChatWidget && typeof window.LiveChatWidget.init === 'function') {
      window.LiveChatWidget.init();
      return true;
    }
    if (attempt < 100) setTimeout(function () { startWidget(attempt + 1); }, 100);
    else console.warn('Chatpass: LiveChatWidget never appeared; is the LiveChat snippet on the page?');
    return false;
  }

  // Asked once the page is parsed, so a Chatpass.setLoginToken call anywhere in the page is honoured. The quiet
  // session check first: a signed-out page makes no call that fails.
  function me() {
    return C._session(base).then(function (s) {
      if (!s.signedIn) return null;
      return C._fetch(base + '/v1/me').then(function (r) { return r.ok ? r.json() : null; });
    }).catch(function () { return null; });
  }

  var ready = new Promise(function (resolve) { C._whenPageReady(resolve); })
    .then(me)
    .then(function (me) {
      startedAs = me ? me.id : false;
      C._emit('identity', { vendor: 'livechat', signedIn: me !== null });
      if (me) {
        window.__lc.custom_identity_provider = function () { return provider; };
      } else {
        console.info('Chatpass: visitor not signed in; LiveChat stays anonymous');
      }
      startWidget(0);
      if (me && setCustomer && window.LiveChatWidget && typeof window.LiveChatWidget.call === 'function') {
        if (me.name) window.LiveChatWidget.call('set_customer_name', me.name);
        // only an address the login verified: Chatpass vouches for nothing else, even as a page-set attribute
        if (me.email && me.emailVerified === true) window.LiveChatWidget.call('set_customer_email', me.email);
      }
      return me !== null;
    });

  C._register(base, {
    refresh: function () {
      return ready.then(me).then(function (now) {
        var id = now ? now.id : false;
        if (id !== startedAs) C._reloadRequired('livechat', 'LiveChat takes its identity provider only as the widget starts', reloadAllowed);
        C._emit('identity', { vendor: 'livechat', signedIn: now !== null });
        return now !== null;
      });
    },
    signOut: function () {
      var was = token !== null || startedAs;
      token = null;
      if (was) provider.invalidate().catch(function () { /* signed out already: nothing to invalidate */ });
      C._emit('identity', { vendor: 'livechat', signedIn: false });
      if (startedAs) C._reloadRequired('livechat', 'LiveChat drops the customer only when the widget starts again', reloadAllowed);
    }
  });
  window.Chatpass.livechat = { ready: ready, provider: provider, logout: function () { C.signedOut(); } };
})();
