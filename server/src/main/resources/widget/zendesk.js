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
 * window.Chatpass.zendesk: { ready: Promise<boolean>, chatJwtFn, messagingJwtFn, sdkInit(zChat, options), logout() }
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var widgets = (script.getAttribute('data-widgets') || 'classic').split(',').map(function (s) { return s.trim(); });
  var snippetSrc = script.getAttribute('data-snippet-src');
  var onAnonymous = script.getAttribute('data-on-anonymous');
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

  // Whether the visitor is signed in: one token request; its token is not used (a fresh one is minted per call).
  // Asked once the page is parsed, so a Chatpass.setLoginToken call anywhere in the page is honoured.
  var ready = new Promise(function (resolve) { window.Chatpass._whenPageReady(resolve); }).then(function () {
    return fetchToken(uses('messaging') && widgets.length === 1 ? 'messaging' : 'chat');
  }).then(function (t) {
    return t !== null;
  }, function (err) { console.error(err); return false; });

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

  function logout() {
    if (uses('classic') && window.$zopim && window.$zopim.livechat) window.$zopim.livechat.clearAll();
    if (uses('webwidget') && typeof window.zE === 'function') window.zE('webWidget', 'logout');
    if (uses('sdk') && window.zChat) window.zChat.logout();
    if (uses('messaging') && typeof window.zE === 'function') window.zE('messenger', 'logoutUser');
  }

  window.Chatpass = window.Chatpass || {};
  window.Chatpass.zendesk = {
    ready: ready,
    chatJwtFn: chatJwtFn,
    messagingJwtFn: messagingJwtFn,
    sdkInit: sdkInit,
    logout: logout
  };
})();
