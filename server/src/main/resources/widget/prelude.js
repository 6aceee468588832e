/*
 * Chatpass glue prelude, served in front of every glue script (/v1/widget/*.js), so each tag stands alone.
 *
 * Login token from the page: sites that keep the login token out of cookies hand Chatpass a function that returns
 * it (or a Promise of it); every Chatpass request then carries it as "Authorization: Bearer":
 *
 *   <script src="https://chatpass.example.com/v1/widget/intercom.js" data-app-id="abc123"></script>
 *   <script>Chatpass.setLoginToken(function () { return myAuth.currentToken(); });</script>
 *
 * The glue scripts make their first request once the document is parsed, so a call placed anywhere in the page
 * takes effect. Calling it later (a single-page app after sign-in or sign-out) makes every glue script on the page
 * ask again. Without it, the site's login cookie is sent (credentials: 'include').
 */
(function () {
  'use strict';
  var C = window.Chatpass = window.Chatpass || {};
  if (C._prelude) return; // another glue tag on the page brought it already
  C._prelude = true;
  var tokenFn = null;
  var listeners = [];

  C.setLoginToken = function (fn) {
    if (fn !== null && typeof fn !== 'function') throw new TypeError('Chatpass.setLoginToken takes a function or null');
    tokenFn = fn;
    listeners.slice().forEach(function (l) {
      try { l(); } catch (e) { console.error(e); }
    });
  };

  C._onLoginToken = function (l) { listeners.push(l); };

  /** Request headers for a Chatpass call: Accept JSON, plus the page's login token as Bearer when it gave one. */
  C._headers = function (extra) {
    return Promise.resolve(tokenFn ? tokenFn() : null).then(function (t) {
      var h = { 'Accept': 'application/json' };
      if (extra) Object.keys(extra).forEach(function (k) { h[k] = extra[k]; });
      if (typeof t === 'string' && t) h['Authorization'] = 'Bearer ' + t;
      return h;
    });
  };

  /** fetch() to Chatpass with the visitor's credentials and no caching. */
  C._fetch = function (url, init) {
    init = init || {};
    return C._headers(init.headers).then(function (headers) {
      return fetch(url, { method: init.method || 'GET', credentials: 'include', cache: 'no-store', headers: headers, body: init.body });
    });
  };

  /** Runs fn once the page has been parsed (so the page could call setLoginToken first). */
  C._whenPageReady = function (fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
    else setTimeout(fn, 0);
  };

  /**
   * The identity for one vendor: its JSON, or null when the visitor is not signed in (401), blocked (403) or lacks
   * what the vendor needs (422). Anything else rejects.
   */
  C._identity = function (base, vendor) {
    return C._fetch(base + '/v1/' + vendor + '/identity').then(function (r) {
      if (r.status === 401 || r.status === 403 || r.status === 422) return null;
      if (!r.ok) throw new Error('Chatpass: ' + vendor + ' identity failed with HTTP ' + r.status);
      return r.json();
    });
  };

  /** Adds a vendor loader script once (by id). */
  C._loadScript = function (src, id) {
    if (!src || document.getElementById(id)) return;
    var s = document.createElement('script');
    s.id = id;
    s.src = src;
    s.async = true;
    document.head.appendChild(s);
  };

  /**
   * The common life of a glue script: identify once the page is ready and again when the login token changes.
   * apply(identity or null) does the vendor's calls; the returned object is window.Chatpass[vendor].
   */
  C._glue = function (vendor, base, apply, logout) {
    var api = { identity: null, logout: null, refresh: null, ready: null };
    function run() {
      return C._identity(base, vendor).then(function (id) {
        api.identity = id;
        if (!id) console.info('Chatpass: visitor not signed in; ' + vendor + ' stays anonymous');
        apply(id);
        return id !== null;
      }, function (err) {
        console.error(err);
        apply(null);
        return false;
      });
    }
    api.refresh = function () { api.ready = run(); return api.ready; };
    api.logout = function () { api.identity = null; logout(); };
    api.ready = new Promise(function (resolve) { C._whenPageReady(function () { run().then(resolve); }); });
    C._onLoginToken(function () { api.refresh(); });
    C[vendor] = api;
    return api;
  };
})();
