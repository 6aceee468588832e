/*
 * Chatpass glue prelude, served in front of every glue script (/v1/widget/*.js), so each tag stands alone. It holds
 * the one page API every glue script on the page follows:
 *
 *   Chatpass.signedIn(tokenOrFn?)  the site's user signed in (a single-page app, no reload): every widget on the
 *                                  page is identified again, in the way its vendor requires. Give the login token
 *                                  (or a function returning it or a Promise of it) when the site keeps it out of
 *                                  cookies; with a login cookie, call it without one. Returns a Promise.
 *   Chatpass.signedOut()           the user signed out: each widget is reset with its vendor's own call (shutdown,
 *                                  session reset, logout...), so the next person at this computer sees nothing of
 *                                  the last one, in this tab and in every other tab of the site.
 *   Chatpass.on(event, fn)         'identity' {vendor, signedIn}: a widget was identified (or found signed out);
 *                                  'signedOut' {}: after a sign-out (here or in another tab);
 *                                  'error' {vendor, code, message}: what failed, with a stable code
 *                                  (user_blocked, refresh_failed, reload_required, identity_failed).
 *   Chatpass.off(event, fn)
 *   Chatpass.setLoginToken(fn)     the older form of signedIn(fn): sets the function, identifies again.
 *
 * Signed-out pages stay quiet: one GET /v1/session (always answered 200) says whether a login is present, and no
 * vendor identity call is made without one. Tokens that expire are replaced while the page is open, at 75 to 85% of
 * their life (the life read from the server's own answer, so the browser's clock does not matter), through the
 * vendor's own re-identify call; a failed refresh is retried with backoff and reported as an 'error' event.
 */
(function () {
  'use strict';
  var C = window.Chatpass = window.Chatpass || {};
  if (C._prelude) return; // another glue tag on the page brought it already
  C._prelude = true;
  var tokenFn = null;
  var listeners = {};
  var glues = [];
  var session = null; // the Promise of the current /v1/session answer
  var base = null;    // Chatpass's origin (the first glue script's)

  /** Milliseconds the server's clock is ahead of this browser's, measured from the last identity answer. */
  C.clockSkewMs = 0;

  C.on = function (event, fn) {
    (listeners[event] = listeners[event] || []).push(fn);
    return C;
  };

  C.off = function (event, fn) {
    listeners[event] = (listeners[event] || []).filter(function (l) { return l !== fn; });
    return C;
  };

  C._emit = function (event, detail) {
    (listeners[event] || []).slice().forEach(function (l) {
      try { l(detail); } catch (e) { console.error(e); }
    });
  };

  function asFn(tokenOrFn) {
    if (tokenOrFn === undefined) return tokenFn;
    if (tokenOrFn === null) return null;
    if (typeof tokenOrFn === 'string') return function () { return tokenOrFn; };
    if (typeof tokenOrFn === 'function') return tokenOrFn;
    throw new TypeError('Chatpass: give a login token, a function returning one, or nothing');
  }

  // Other tabs of the site: BroadcastChannel, or storage events where it is missing.
  var channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('chatpass') : null;
  function tell(type) {
    try {
      if (channel) channel.postMessage({ type: type });
      else localStorage.setItem('chatpass:tabs', JSON.stringify({ type: type, at: Date.now(), r: Math.random() }));
    } catch (e) { /* storage may be off: this tab still works */ }
  }
  function heard(type) {
    if (type === 'signedOut') signOut(false);
    else if (type === 'signedIn') signIn(undefined, false);
  }
  if (channel) channel.onmessage = function (e) { if (e.data) heard(e.data.type); };
  else window.addEventListener('storage', function (e) {
    if (e.key === 'chatpass:tabs' && e.newValue) { try { heard(JSON.parse(e.newValue).type); } catch (x) { /* ignore */ } }
  });

  function signIn(tokenOrFn, broadcast) {
    tokenFn = asFn(tokenOrFn);
    session = null;
    if (broadcast) tell('signedIn');
    return Promise.all(glues.map(function (g) { return g.refresh(); }));
  }

  function signOut(broadcast) {
    session = Promise.resolve({ signedIn: false, code: 'signed_out' });
    glues.forEach(function (g) { g.signOut(); }); // first: a vendor's reset may still tell Chatpass (LiveChat's invalidate)
    tokenFn = null;
    if (broadcast) tell('signedOut');
    C._emit('signedOut', {});
  }

  C.signedIn = function (tokenOrFn) { return signIn(tokenOrFn, true); };
  C.signedOut = function () { signOut(true); };

  C.setLoginToken = function (fn) {
    if (fn !== null && typeof fn !== 'function') throw new TypeError('Chatpass.setLoginToken takes a function or null');
    return signIn(fn, false);
  };

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

  /** Runs fn once the page has been parsed (so the page could call setLoginToken or signedIn first). */
  C._whenPageReady = function (fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
    else setTimeout(fn, 0);
  };

  /**
   * Whether a login is present: {signedIn, id} or {signedIn: false, code}, one quiet request shared by every glue
   * script until the next signedIn / signedOut. A blocked user is told apart from a signed-out one by its code.
   */
  C._session = function (origin) {
    if (!session) {
      var s = C._fetch((origin || base) + '/v1/session').then(function (r) {
        if (!r.ok) throw new Error('Chatpass: session check failed with HTTP ' + r.status);
        return r.json();
      });
      session = s;
      s.then(function (v) {
        if (!v.signedIn && v.code === 'user_blocked') {
          C._emit('error', { vendor: null, code: 'user_blocked', message: 'This account may not use chat identity services.' });
        }
      }, function () { if (session === s) session = null; });
    }
    return session;
  };

  /**
   * The identity for one vendor: its JSON (with _receivedAt and _serverDate), or null when the visitor is not signed
   * in, blocked or lacks what the vendor needs. Anything else rejects.
   */
  C._identity = function (origin, vendor) {
    return C._fetch(origin + '/v1/' + vendor + '/identity').then(function (r) {
      if (r.status === 401 || r.status === 403 || r.status === 422) {
        return r.json().catch(function () { return {}; }).then(function (p) {
          if (r.status !== 401) C._emit('error', { vendor: vendor, code: p.code || ('http_' + r.status), message: p.detail || '' });
          return null;
        });
      }
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (p) {
          var e = new Error('Chatpass: ' + vendor + ' identity failed with HTTP ' + r.status);
          e.code = p.code || ('http_' + r.status);
          throw e;
        });
      }
      var date = Date.parse(r.headers.get('Date') || '');
      return r.json().then(function (body) {
        Object.defineProperty(body, '_receivedAt', { value: Date.now() });
        if (!isNaN(date)) Object.defineProperty(body, '_serverDate', { value: date });
        return body;
      });
    });
  };

  /** The claims of a JWT (read, not verified: the vendor verifies), or {} for anything else. */
  C._claims = function (v) {
    if (typeof v !== 'string' || v.split('.').length !== 3) return {};
    try {
      var b = atob(v.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
      var bytes = Uint8Array.from(b, function (ch) { return ch.charCodeAt(0); });
      var c = JSON.parse(new TextDecoder().decode(bytes));
      return c && typeof c === 'object' ? c : {};
    } catch (e) { return {}; }
  };

  function jwtClaims(v) {
    var c = C._claims(v);
    return typeof c.exp === 'number' && typeof c.iat === 'number' ? c : null;
  }

  /**
   * How long an identity stays usable, in this browser's milliseconds from when it arrived: from a JWT in it (exp
   * minus iat, both the server's), else from its expires_at / expiresAt and the server's Date header. Null when it
   * does not expire (an HMAC signature). Also measures the clock skew.
   */
  C._lifetime = function (id) {
    var claims = null;
    Object.keys(id).forEach(function (k) { claims = claims || jwtClaims(id[k]); });
    if (claims) {
      C.clockSkewMs = claims.iat * 1000 - id._receivedAt;
      return (claims.exp - claims.iat) * 1000;
    }
    var at = Date.parse(id.expiresAt || id.expires_at || '');
    if (isNaN(at) || id._serverDate === undefined) return null;
    C.clockSkewMs = id._serverDate - id._receivedAt;
    return at - id._serverDate;
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
   * A vendor whose widget cannot take another user without a page load (documented per vendor): with
   * data-reload="false" on its tag, or Chatpass.autoReload = false, the page only gets an 'error' event
   * (reload_required) and decides; otherwise the page is reloaded once, and identifies the new user as it loads.
   */
  C.autoReload = true;
  C._reloadRequired = function (vendor, why, allowed) {
    C._emit('error', { vendor: vendor, code: 'reload_required', message: why });
    if (C.autoReload && allowed !== false) setTimeout(function () { window.location.reload(); }, 0);
  };

  /** A glue script with its own life (Zendesk, LiveChat) joins the page API: {refresh(), signOut()}. */
  C._register = function (origin, api) {
    base = base || origin;
    glues.push(api);
    return api;
  };

  /**
   * A glue script's life: identify once the page is ready, again on signedIn, before its token expires, and reset
   * on signedOut. apply(identity or null, previous identity) does the vendor's calls (it may return a Promise);
   * reset() is the vendor's sign-out. Options: {refresh: false} for a vendor whose token is only read once (a
   * login) or minted per use. The returned object is window.Chatpass[vendor].
   */
  C._glue = function (vendor, origin, apply, reset, options) {
    options = options || {};
    base = base || origin;
    var api = { identity: null, logout: null, refresh: null, ready: null };
    var timer = null;
    var generation = 0;

    function schedule(id, gen) {
      clearTimeout(timer);
      if (!id || options.refresh === false) return;
      var life = C._lifetime(id);
      if (life === null || life <= 0) return;
      var due = id._receivedAt + life * (0.75 + Math.random() * 0.1);
      var end = id._receivedAt + life;
      var attempt = 0;
      function tick() {
        if (gen !== generation) return;
        run(gen).then(function (ok) {
          if (ok !== false || gen !== generation) return;
          attempt++;
          C._emit('error', { vendor: vendor, code: 'refresh_failed', message: vendor + ' token refresh failed (attempt ' + attempt + ')' });
          var wait = Math.min(30000, 1000 * Math.pow(2, attempt));
          if (Date.now() + wait < end + 60000) timer = setTimeout(tick, wait);
        });
      }
      timer = setTimeout(tick, Math.max(1000, due - Date.now()));
    }

    function run(gen) {
      if (gen === undefined) gen = ++generation;
      return C._session(origin).then(function (s) {
        return s.signedIn ? C._identity(origin, vendor) : null;
      }).then(function (id) {
        if (gen !== generation) return id !== null;
        var previous = api.identity;
        api.identity = id;
        if (!id) console.info('Chatpass: visitor not signed in; ' + vendor + ' stays anonymous');
        return Promise.resolve(apply(id, previous)).then(function () {
          schedule(id, gen);
          C._emit('identity', { vendor: vendor, signedIn: id !== null });
          return id !== null;
        });
      }).catch(function (err) {
        console.error(err);
        if (gen === generation && api.identity === null) { try { apply(null, null); } catch (e) { console.error(e); } }
        C._emit('error', { vendor: vendor, code: err.code || 'identity_failed', message: String(err.message || err) });
        return false;
      });
    }

    api.refresh = function () { api.ready = run(); return api.ready; };
    api.logout = function () { C.signedOut(); };
    api.signOut = function () {
      generation++;
      clearTimeout(timer);
      api.identity = null;
      try { reset(); } catch (e) { console.error(e); }
      C._emit('identity', { vendor: vendor, signedIn: false });
    };
    api.ready = new Promise(function (resolve) { C._whenPageReady(function () { run().then(resolve); }); });
    glues.push(api);
    C[vendor] = api;
    return api;
  };
})();
