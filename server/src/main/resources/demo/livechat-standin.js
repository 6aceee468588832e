/*
 * A LiveChat-like stand-in widget for the offline demo. It uses window.__lc.custom_identity_provider exactly as
 * LiveChat's widget does (getToken on start; on an authentication failure getFreshToken, then getToken), and talks
 * to the sandbox's customer chat with the customer access token. Without a provider it behaves like an anonymous
 * visitor: its history stays in this browser only.
 */
(function () {
  'use strict';
  var state = { cip: null, token: null, name: null, email: null };
  window.demoEvents = window.demoEvents || [];
  var $ = DemoUi.$, whenDom = DemoUi.whenDom;
  function status(text, kind) { DemoUi.status('lc-status', text, kind); }
  function render(messages) { DemoUi.render('lc-messages', messages); }
  function api(method, body) {
    return fetch('/sandbox/livechat/chat/messages', {
      method: method,
      headers: { 'Authorization': 'Bearer ' + state.token.accessToken, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined
    });
  }
  function load(retried) {
    return api('GET').then(function (r) {
      if (r.status === 401 && !retried) {
        // authentication failure: ask for a fresh token and reconnect, as the real widget does
        return state.cip.getFreshToken().then(function (t) { state.token = t; return load(true); });
      }
      return r.json().then(function (body) {
        render(body.messages);
        status('Verified customer ' + (state.name ? state.name + ' ' : '') + '· LiveChat id ' + state.token.entityId, 'verified');
        $('lc-panel').setAttribute('data-entity-id', state.token.entityId);
      });
    });
  }
  function anonymous() {
    state.cip = null;
    $('lc-panel').setAttribute('data-entity-id', 'anonymous');
    status('Anonymous visitor · history stays on this browser', 'anonymous');
    render(JSON.parse(localStorage.getItem('demo-anon-livechat') || '[]'));
  }
  window.LiveChatWidget = {
    init: function () { whenDom(start); },
    call: function (method, value) {
      window.demoEvents.push('livechat:' + method);
      if (method === 'set_customer_name') state.name = value;
      if (method === 'set_customer_email') state.email = value;
    },
    logout: function () {
      var done = state.cip ? state.cip.invalidate() : Promise.resolve();
      return done.then(function () { window.demoEvents.push('livechat:invalidate'); anonymous(); });
    }
  };
  function start() {
    window.demoEvents.push('livechat:init');
      var factory = window.__lc && window.__lc.custom_identity_provider;
      if (!factory) { anonymous(); return; }
      state.cip = factory();
      state.cip.getToken().then(function (t) { state.token = t; return load(false); })
        .catch(function (e) { status('LiveChat error: ' + (e.code ? e.code + ' ' : '') + e.message, 'error'); });
  }
  document.addEventListener('DOMContentLoaded', function () {
    $('lc-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = $('lc-input').value.trim();
      if (!text) return;
      $('lc-input').value = '';
      if (!state.cip) {
        var list = JSON.parse(localStorage.getItem('demo-anon-livechat') || '[]');
        list.push({ author: 'you (anonymous)', text: text });
        localStorage.setItem('demo-anon-livechat', JSON.stringify(list));
        render(list);
        return;
      }
      api('POST', { text: text }).then(function (r) { return r.json(); }).then(function (b) { render(b.messages); });
    });
  });
})();
