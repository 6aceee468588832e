/*
 * Chatpass glue for the Zendesk widgets. One tag, placed before the Zendesk snippet:
 *
 *   <script src="https://chatpass.example.com/v1/widget/zendesk.js"
 *           data-widgets="classic,webwidget,sdk,messaging"      (any of them; default "classic")
 *           data-snippet-src="https://static.zdassets.com/ekr/snippet.js?key=..."  (optional: loaded after set-up)
 *           data-on-anonymous="myFunctionName"></script>          (optional: called when not signed in)
 *
 * Tokens are fetched from this script's own origin with the visitor's credentials (the site's login cookie), or
 * with the page's login token as Bearer when the page calls Chatpass.setLoginToken(fn) (see the prelude above).
 * A visitor who is not signed in stays anonymous: no authentication call is made.
 * Single-page apps (Chatpass.signedIn / signedOut): Messaging logs the user in and out in place (loginUser,
 * logoutUser). Zendesk Chat (classic, Web Widget Classic, Chat SDK) takes the identity only as it starts and needs a
 * page load after clearAll(): a sign-in on a page that started anonymous, and a sign-out, reload the page once
 * (Chatpass.autoReload; data-reload="false" to only get the reload_required event).
 * window.Chatpass.zendesk: { ready: Promise<boolean>, chatJwtFn, messagingJwtFn, sdkInit(zChat, options), logout() }
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var widgets = (script.getAttribute('data-widgets') || 'classic').split(',').map(function (s) { return s.trim(); });
  var snippetSrc = script.getAttribute('data-snippet-src');
  var onAnonymous = script.getAttribute('data-on-anonymous');
  var reloadAllowed = script.getAttribute('data-reload') !== 'false';
  var C = window.Chatpass;
  function uses(w) { return widgets.indexOf(w) >= 0; }

  function fetchToken(product) {
    return window.Chatpass._fetch(base + '/v1/zendesk/' + product + '/jwt').then(function (r) {
      if (r.status === 401 || r.status === 403 || r.status === 422) return null;
      if (!r.ok) throw new Error('Chatpass: token request failed with HTTP ' + r.status);
      return r.json().then(function (body) { return body.token; });
    });
  }

  // Each widget calls its jwtFn whenever it needs a token: every call mints a fresh one.
  function jwtFn(product) {
    return function (callback) {
      fetchToken(product).then(function (token) {
        if (token) callback(token);
        else console.info('Chatpass: no signed-in user; the chat stays anonymous');
      }, function (err) { console.error(err); });
    };
  }
  var chatJwtFn = jwtFn('chat');
  var messagingJwtFn = jwtFn('messaging');

  // Whether the visitor is signed in: the quiet session check, then one token request whose token is not used (a
  // fresh one is minted per call): it shows that Zendesk can be given one. Asked once the page is parsed, so a
  // Chatpass.signedIn / setLoginToken call anywhere in the page is honoured.
  function signedInNow() {
    return C._session(base).then(function (s) {
      return s.signedIn ? fetchToken(uses('messaging') && widgets.length === 1 ? 'messaging' : 'chat') : null;
    }).then(function (t) {
      return t !== null;
    }, function (err) { console.error(err); return false; });
  }
  var ready = new Promise(function (resolve) { C._whenPageReady(resolve); }).then(signedInNow);
  var startedSignedIn = null;

  function whenZopim(fn) {
    if (typeof window.$zopim === 'function') window.$zopim(fn);
    else console.warn('Chatpass: $zopim is not on the page; load the Zendesk Chat snippet');
  }

  function loadSnippet() {
    if (!snippetSrc || document.getElementById('ze-snippet')) return;
    var s = document.createElement('script');
    s.id = 'ze-snippet';
    s.src = snippetSrc;
    s.async = true;
    document.head.appendChild(s);
  }

  ready.then(function (signedIn) {
    startedSignedIn = signedIn;
    C._emit('identity', { vendor: 'zendesk', signedIn: signedIn });
    if (!signedIn) {
      console.info('Chatpass: visitor not signed in; Zendesk stays anonymous');
      if (onAnonymous && typeof window[onAnonymous] === 'function') window[onAnonymous]();
      loadSnippet();
      return;
    }
    if (uses('webwidget')) {
      // Web Widget (Classic) reads zESettings when it loads: set it before the snippet.
      var settings = window.zESettings = window.zESettings || {};
      settings.webWidget = settings.webWidget || {};
      settings.webWidget.authenticate = settings.webWidget.authenticate || {};
      settings.webWidget.authenticate.chat = { jwtFn: chatJwtFn };
    }
    loadSnippet();
    if (uses('classic')) {
      whenZopim(function () { window.$zopim.livechat.authenticate({ jwtFn: chatJwtFn }); });
    }
    if (uses('messaging')) {
      if (typeof window.zE === 'function') {
        window.zE('messenger', 'loginUser', messagingJwtFn, function (error) {
          if (error) console.error('Chatpass: Zendesk Messaging login failed', error.reason || error.message || error);
        });
      } else {
        console.warn('Chatpass: zE is not on the page; load the Zendesk Messaging snippet');
      }
    }
  });

  function sdkInit(zChat, options) {
    return ready.then(function (signedIn) {
      var o = Object.assign({}, options);
      if (signedIn) o.authentication = { jwt_fn: chatJwtFn };
      zChat.init(o);
      return signedIn;
    });
  }

  function chatWidgets() {
    return uses('classic') || uses('webwidget') || uses('sdk');
  }

  function signOut() {
    if (uses('classic') && window.$zopim && window.$zopim.livechat) window.$zopim.livechat.clearAll();
    if (uses('webwidget') && typeof window.zE === 'function') window.zE('webWidget', 'logout');
    if (uses('sdk') && window.zChat) window.zChat.logout();
    if (uses('messaging') && typeof window.zE === 'function') window.zE('messenger', 'logoutUser');
    C._emit('identity', { vendor: 'zendesk', signedIn: false });
    if (chatWidgets()) C._reloadRequired('zendesk', 'Zendesk Chat needs a page load after clearAll()', reloadAllowed);
  }

  // Chatpass.signedIn on an open page: Messaging logs in in place; Zendesk Chat only takes an identity as it starts.
  function refresh() {
    return ready.then(signedInNow).then(function (signedIn) {
      if (signedIn && uses('messaging') && typeof window.zE === 'function') {
        window.zE('messenger', 'loginUser', messagingJwtFn, function (error) {
          if (error) C._emit('error', { vendor: 'zendesk', code: 'identity_failed', message: String(error.reason || error.message || error) });
        });
      }
      if (signedIn && chatWidgets() && startedSignedIn === false) {
        C._reloadRequired('zendesk', 'Zendesk Chat takes the visitor\'s identity only as it starts', reloadAllowed);
      }
      C._emit('identity', { vendor: 'zendesk', signedIn: signedIn });
      return signedIn;
    });
  }

  function logout() {
    C.signedOut();
  }

  C._register(base, { refresh: refresh, signOut: signOut });
  window.Chatpass = window.Chatpass || {};
  window.Chatpass.zendesk = {
    ready: ready,
    chatJwtFn: chatJwtFn,
    messagingJwtFn: messagingJwtFn,
    sdkInit: sdkInit,
    logout: logout
  };
})();
