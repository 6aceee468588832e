/*
 * Stand-ins for the JavaScript APIs of twelve chat widgets (Intercom, Crisp, Tawk.to, Help Scout Beacon, Chatwoot,
 * Front Chat, Drift, HubSpot chat, Salesforce enhanced chat, Dynamics 365 live chat, Kustomer Chat, Featurebase
 * Messenger), written from each vendor's documented behaviour, for the offline demo and the
 * browser tests. Like the real widgets, they send what the page gives them to the vendor's side, which checks the
 * signature: here a "checker" the host page supplies (the demo's sandbox, or a test's WebCrypto checker):
 *
 *   checker.hmac(vendor, message, signature) -> Promise<boolean>   (HMAC-SHA256 hex over message)
 *   checker.jwt(vendor, token)               -> Promise<claims or null>  (HS256)
 *   checker.hubspot(email, token)            -> Promise<boolean>   (a token HubSpot made for that email)
 *   checker.keyset(vendor, token)            -> Promise<claims or null>  (signed with a key Chatpass publishes:
 *                                               Salesforce's keyset, Dynamics 365's public key URL)
 *
 * ChatpassStandins.install(checker, vendors) puts the globals in place; ChatpassStandins.state[vendor] says what
 * the widget believes: {status: 'anonymous' | 'verified' | 'rejected', user, calls[], errors[]}. Loader URLs for
 * the vendors that load a script (Crisp, Tawk.to) are ChatpassStandins.loader(vendor), a data: URL.
 * Events the real widgets raise on their own are raised by ChatpassStandins.salesforceTokenExpired() and
 * ChatpassStandins.dynamicsStartChat() (a visitor starting a chat).
 */
(function () {
  'use strict';
  var S = window.ChatpassStandins = { state: {}, checker: null, listeners: [] };

  function st(v) {
    return S.state[v] || (S.state[v] = { status: 'anonymous', user: null, calls: [], errors: [] });
  }
  function changed(v) {
    S.listeners.forEach(function (l) { try { l(v, st(v)); } catch (e) { console.error(e); } });
  }
  /** A widget script that the page loads after its own: fn runs a moment after the page's load event. */
  function afterLoad(fn) {
    if (document.readyState === 'complete') setTimeout(fn, 50);
    else window.addEventListener('load', function () { setTimeout(fn, 50); }, { once: true });
  }
  function call(v, what) { st(v).calls.push(what); changed(v); }
  function verified(v, user) { var s = st(v); s.status = 'verified'; s.user = user; changed(v); }
  function rejected(v, why) { var s = st(v); s.status = 'rejected'; s.user = null; s.errors.push(why); changed(v); }
  function anonymous(v) { var s = st(v); s.status = 'anonymous'; s.user = null; changed(v); }
  function checkHmac(v, message, signature, user) {
    if (typeof message !== 'string' || typeof signature !== 'string') { rejected(v, 'missing value or signature'); return Promise.resolve(false); }
    return S.checker.hmac(v, message, signature).then(function (ok) {
      if (ok) verified(v, user); else rejected(v, 'signature does not match');
      return ok;
    });
  }

  var install = {
    intercom: function () {
      // Intercom('boot'|'update'|'shutdown', settings). A secured user's update without the JWT is refused (403).
      // After a shutdown, Intercom refuses a JWT identity with 403 "App suspended" until the page loads again.
      var shutDown = false;
      window.Intercom = function (cmd, s) {
        call('intercom', cmd);
        s = s || {};
        if (cmd === 'shutdown') { shutDown = true; anonymous('intercom'); return; }
        if (cmd !== 'boot' && cmd !== 'update') return;
        if (s.intercom_user_jwt && shutDown) { rejected('intercom', '403 App suspended (a JWT after shutdown, before a page load)'); return; }
        var current = st('intercom').status === 'verified' && st('intercom').user;
        if (s.intercom_user_jwt) {
          S.checker.jwt('intercom', s.intercom_user_jwt).then(function (claims) {
            if (claims && current && current.id !== claims.user_id) { rejected('intercom', 'another user without shutdown'); return; }
            if (!claims || typeof claims.user_id !== 'string' || !claims.user_id) rejected('intercom', 'JWT refused (user_id is required)');
            else verified('intercom', { id: claims.user_id, email: claims.email, name: claims.name });
          });
        } else if (s.user_hash) {
          checkHmac('intercom', s.user_id || s.email, s.user_hash, { id: s.user_id, email: s.email, name: s.name });
        } else if (cmd === 'update' && st('intercom').status === 'verified') {
          rejected('intercom', '403: update without intercom_user_jwt for a secured user');
        } else if (cmd === 'boot') {
          anonymous('intercom');
        }
      };
    },
    crisp: function () {
      // $crisp is a queue until the loader runs; the loader reads CRISP_TOKEN_ID once, for a new session.
      S.crispLoaded = function () {
        var queue = Array.isArray(window.$crisp) ? window.$crisp : [];
        var session = { tokenId: window.CRISP_TOKEN_ID || null };
        st('crisp').tokenId = session.tokenId;
        call('crisp', 'loader');
        var api = {
          is: function () { return true; },
          push: function (cmd) {
            call('crisp', cmd[0] + ':' + cmd[1]);
            if (cmd[0] === 'set' && cmd[1] === 'user:email') {
              var email = cmd[2][0];
              checkHmac('crisp', email, cmd[2][1], { email: email, tokenId: session.tokenId });
            } else if (cmd[0] === 'do' && cmd[1] === 'session:reset') {
              session.tokenId = window.CRISP_TOKEN_ID || null;
              st('crisp').tokenId = session.tokenId;
              anonymous('crisp');
            }
          }
        };
        window.$crisp = api;
        queue.forEach(function (c) { api.push(c); });
      };
    },
    tawkto: function () {
      // The embed defines Tawk_API.login/logout, then calls Tawk_API.onLoad. login's hash is over userId.
      S.tawkLoaded = function () {
        var T = window.Tawk_API = window.Tawk_API || {};
        T.login = function (o, cb) {
          call('tawkto', 'login');
          var cur = st('tawkto').status === 'verified' && st('tawkto').user;
          if (cur && cur.id !== o.userId) { rejected('tawkto', 'login as another user without logout'); if (cb) cb({ status: 409 }); return; }
          checkHmac('tawkto', o.userId, o.hash, { id: o.userId, email: o.email, name: o.name }).then(function (ok) {
            if (cb) cb(ok ? undefined : { status: 401 });
          });
        };
        T.logout = function (cb) { call('tawkto', 'logout'); anonymous('tawkto'); if (cb) cb(); };
        call('tawkto', 'embed');
        if (typeof T.onLoad === 'function') T.onLoad();
      };
    },
    helpscout: function () {
      window.Beacon = function (cmd, o) {
        call('helpscout', cmd);
        var cur = st('helpscout').status === 'verified' && st('helpscout').user;
        if (cmd === 'identify' && cur && cur.email !== o.email) { rejected('helpscout', 'identify as another user without logout'); return; }
        if (cmd === 'identify') checkHmac('helpscout', o.email, o.signature, { email: o.email, name: o.name });
        if (cmd === 'logout') anonymous('helpscout');
      };
    },
    chatwoot: function () {
      // The SDK defines $chatwoot, then fires 'chatwoot:ready'. The server compares identifier_hash exactly.
      setTimeout(function () {
        window.$chatwoot = {
          hasLoaded: true,
          setUser: function (identifier, attrs) {
            call('chatwoot', 'setUser');
            var cur = st('chatwoot').status === 'verified' && st('chatwoot').user;
            if (cur && cur.id !== String(identifier)) { rejected('chatwoot', 'setUser for another identifier without reset()'); return; }
            checkHmac('chatwoot', String(identifier), attrs.identifier_hash, { id: String(identifier), email: attrs.email, name: attrs.name });
          },
          reset: function () { call('chatwoot', 'reset'); anonymous('chatwoot'); }
        };
        window.dispatchEvent(new Event('chatwoot:ready'));
      }, 50);
    },
    front: function () {
      window.FrontChat = function (cmd, o) {
        call('front', cmd);
        o = o || {};
        var cur = st('front').status === 'verified' && st('front').user;
        if (cmd === 'identity' && cur && cur.email !== o.email) { rejected('front', 'identity of another user without shutdown'); return; }
        if ((cmd === 'init' || cmd === 'identity') && o.userHash) {
          checkHmac('front', o.email, o.userHash, { email: o.email, name: o.name });
        } else if (cmd === 'init') {
          anonymous('front');
        } else if (cmd === 'shutdown') {
          st('front').clearedSession = !!o.clearSession;
          anonymous('front');
        }
      };
    },
    drift: function () {
      window.drift = {
        identify: function (userId, attrs, opts) {
          call('drift', 'identify');
          var cur = st('drift').status === 'verified' && st('drift').user;
          if (cur && cur.id !== String(userId)) { rejected('drift', 'identify as another user without reset'); return; }
          var jwt = opts && opts.userJwt;
          if (!jwt) { rejected('drift', 'no userJwt'); return; }
          S.checker.jwt('drift', jwt).then(function (claims) {
            if (!claims || String(claims.sub) !== String(userId)) rejected('drift', 'signed identity does not match');
            else verified('drift', { id: String(userId), email: attrs && attrs.email, name: attrs && attrs.name });
          });
        },
        reset: function () { call('drift', 'reset'); anonymous('drift'); }
      };
    },
    hubspot: function () {
      // The loader defines HubSpotConversations after a moment and runs hsConversationsOnReady; with
      // loadImmediately false the widget waits for widget.load(), which reads hsConversationsSettings.
      setTimeout(function () {
        var loaded = false;
        function load() {
          var s = window.hsConversationsSettings || {};
          loaded = true;
          call('hubspot', 'load');
          var cur = st('hubspot').status === 'verified' && st('hubspot').user;
          if (cur && s.identificationEmail && cur.email !== s.identificationEmail) { rejected('hubspot', 'another visitor without clear()'); return; }
          if (s.identificationEmail && s.identificationToken) {
            S.checker.hubspot(s.identificationEmail, s.identificationToken).then(function (ok) {
              if (ok) verified('hubspot', { email: s.identificationEmail });
              else rejected('hubspot', 'identification token not valid for this email');
            });
          } else {
            anonymous('hubspot');
          }
        }
        window.HubSpotConversations = {
          widget: { load: load, refresh: load, status: function () { return { loaded: loaded }; } },
          clear: function (o) { call('hubspot', 'clear'); st('hubspot').resetWidget = !!(o && o.resetWidget); anonymous('hubspot'); }
        };
        var s = window.hsConversationsSettings || {};
        if (s.loadImmediately !== false) load();
        (window.hsConversationsOnReady || []).forEach(function (fn) { fn(); });
      }, 50);
    }
  };

  install.salesforce = function () {
    // Salesforce's bootstrap fires onEmbeddedMessagingReady on window; userVerificationAPI works only after it.
    // setIdentityToken takes {identityTokenType: 'JWT', identityToken}; Salesforce verifies it against the keyset.
    // After onEmbeddedMessagingIdentityTokenExpired, a new token must come within 30 s or the session ends.
    var ready = false, expiry = null;
    window.embeddedservice_bootstrap = {
      settings: {},
      userVerificationAPI: {
        setIdentityToken: function (o) {
          call('salesforce', 'setIdentityToken');
          if (!ready) { rejected('salesforce', 'setIdentityToken before onEmbeddedMessagingReady'); return; }
          if (!o || o.identityTokenType !== 'JWT' || typeof o.identityToken !== 'string' || Object.keys(o).length !== 2) {
            rejected('salesforce', 'setIdentityToken takes exactly {identityTokenType: "JWT", identityToken}');
            return;
          }
          if (expiry) { clearTimeout(expiry); expiry = null; }
          st('salesforce').tokens = (st('salesforce').tokens || 0) + 1;
          var cur = st('salesforce').status === 'verified' && st('salesforce').user;
          S.checker.keyset('salesforce', o.identityToken).then(function (claims) {
            if (claims && cur && cur.id !== claims.sub) rejected('salesforce', 'another user without clearSession');
            else if (!claims) rejected('salesforce', 'identity token refused by the keyset');
            else verified('salesforce', { id: claims.sub });
          });
        },
        clearSession: function (endSession) {
          call('salesforce', 'clearSession');
          st('salesforce').endedSession = endSession === true;
          anonymous('salesforce');
        }
      }
    };
    S.salesforceTokenExpired = function () {
      call('salesforce', 'identityTokenExpired');
      expiry = setTimeout(function () { anonymous('salesforce'); }, 30000);
      window.dispatchEvent(new Event('onEmbeddedMessagingIdentityTokenExpired'));
    };
    // Salesforce's bootstrap script loads after the page's own scripts: ready comes after the page has loaded.
    afterLoad(function () { ready = true; call('salesforce', 'ready'); window.dispatchEvent(new Event('onEmbeddedMessagingReady')); });
  };

  install.dynamics365 = function () {
    // The live chat widget raises lcw:ready; its SDK then takes an auth token provider. When a chat starts, the widget
    // calls the provider (or the global function named in the authentication setting) with a callback, and gives up
    // after 10 s; the token is checked with the key from the public key URL.
    var provider = null;
    window.Microsoft = { Omnichannel: { LiveChatWidget: { SDK: {
      setAuthTokenProvider: function (fn) {
        if (typeof fn !== 'function') throw new Error('authTokenProvider must be a function');
        call('dynamics365', 'setAuthTokenProvider');
        provider = fn;
      },
      getAuthTokenProvider: function () { return provider; },
      removeAuthTokenProvider: function () { call('dynamics365', 'removeAuthTokenProvider'); provider = null; anonymous('dynamics365'); }
    } } } };
    function named(path) {
      var o = window;
      path.split('.').forEach(function (p) { o = o == null ? undefined : o[p]; });
      return typeof o === 'function' ? o : null;
    }
    S.dynamicsFunction = S.dynamicsFunction || 'auth.getAuthenticationToken';
    S.dynamicsStartChat = function () {
      call('dynamics365', 'startChat');
      var fn = provider || named(S.dynamicsFunction);
      if (!fn) { anonymous('dynamics365'); return Promise.resolve(null); }
      return new Promise(function (resolve) {
        var timer = setTimeout(function () { rejected('dynamics365', 'no token within 10 s'); resolve(null); }, 10000);
        fn(function (token) {
          clearTimeout(timer);
          S.checker.keyset('dynamics365', token).then(function (claims) {
            if (!claims) rejected('dynamics365', 'token refused with the public key');
            else verified('dynamics365', { id: claims.sub, context: claims.lwicontexts ? JSON.parse(claims.lwicontexts) : null });
            resolve(claims);
          });
        });
      });
    };
    afterLoad(function () { call('dynamics365', 'ready'); window.dispatchEvent(new Event('lcw:ready')); });
  };

  install.kustomer = function () {
    // Kustomer's script defines window.Kustomer and fires 'kustomerLoaded'; nothing works before Kustomer.start has
    // finished. login checks the HS256 JWT with the chat secret, externalId or email in it, iat under 15 minutes old.
    var started = false;
    window.Kustomer = {
      start: function (opts, cb) {
        call('kustomer', 'start');
        setTimeout(function () { started = true; if (cb) cb(); }, 30);
      },
      login: function (o, cb) {
        call('kustomer', 'login');
        if (!started) { rejected('kustomer', 'login before Kustomer.start finished'); return; }
        S.checker.jwt('kustomer', o && o.jwtToken).then(function (c) {
          var fresh = c && typeof c.iat === 'number' && Date.now() - c.iat * 1000 < 15 * 60000 && c.iat * 1000 < Date.now() + 60000;
          if (!c || !fresh || (!c.externalId && !c.email)) { rejected('kustomer', 'JWT refused'); if (cb) cb(null, new Error('refused')); return; }
          verified('kustomer', { id: c.externalId, email: c.email });
          if (cb) cb({ identified: true, externalId: c.externalId, email: c.email });
        });
      },
      isLoggedIn: function (who, cb) {
        call('kustomer', 'isLoggedIn');
        var s = st('kustomer');
        var yes = s.status === 'verified' && !!s.user && (who.email ? s.user.email === who.email : s.user.id === who.externalId);
        setTimeout(function () { cb(yes); }, 0);
      },
      logout: function (cb) { call('kustomer', 'logout'); anonymous('kustomer'); if (cb) cb({}); }
    };
    setTimeout(function () { window.dispatchEvent(new Event('kustomerLoaded')); }, 50);
  };

  install.featurebase = function () {
    // Featurebase('boot', {appId, featurebaseJwt}): with secure installation on, the identity comes only from the
    // HS256 JWT (userId or email required); without a token the Messenger is anonymous.
    window.Featurebase = function (cmd, o) {
      call('featurebase', cmd);
      if (cmd !== 'boot') return;
      if (!o || !o.appId) { rejected('featurebase', 'boot without appId'); return; }
      if (!o.featurebaseJwt) { anonymous('featurebase'); return; }
      S.checker.jwt('featurebase', o.featurebaseJwt).then(function (c) {
        if (!c || (!c.userId && !c.email)) rejected('featurebase', 'JWT refused');
        else verified('featurebase', { id: c.userId, email: c.email, name: c.name });
      });
    };
  };

  S.install = function (checker, vendors) {
    S.checker = checker;
    (vendors || Object.keys(install)).forEach(function (v) { st(v); install[v](); });
  };

  S.loader = function (vendor) {
    var fn = vendor === 'crisp' ? 'crispLoaded' : 'tawkLoaded';
    return 'data:text/javascript,' + encodeURIComponent('window.ChatpassStandins.' + fn + '();');
  };
})();
