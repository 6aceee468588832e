/*
 * A Zendesk-Chat-like stand-in for the offline demo: it offers $zopim.livechat.authenticate({jwtFn}) and
 * $zopim.livechat.clearAll() like the classic widget; each time it needs to authenticate it calls jwtFn and sends
 * the token to the sandbox, which checks it the way Zendesk does. Until then, and after clearAll, it is anonymous.
 */
(function () {
  'use strict';
  var session = null;
  var jwtFn = null;
  window.demoEvents = window.demoEvents || [];
  var $ = DemoUi.$, whenDom = DemoUi.whenDom;
  function status(text, kind) { DemoUi.status('zd-status', text, kind); }
  function render(messages) { DemoUi.render('zd-messages', messages); }
  function call(method, path, body) {
    return fetch('/sandbox/zendesk/chat/' + path, {
      method: method,
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-Session': session || '' },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); });
  }
  function anonymous() {
    session = null;
    $('zd-panel').setAttribute('data-visitor', 'anonymous');
    status('Anonymous visitor', 'anonymous');
    render([]);
  }
  function authenticate() {
    jwtFn(function (jwt) {
      window.demoEvents.push('zendesk:jwt');
      call('POST', 'authenticate', { jwt: jwt }).then(function (r) {
        if (!r.ok) { status('Zendesk refused the token: ' + r.body.description, 'error'); return; }
        session = r.body.session;
        var v = r.body.visitor;
        $('zd-panel').setAttribute('data-visitor', v.external_id);
        status('Verified visitor ' + v.name + ' <' + v.email + '>', 'verified');
        return call('GET', 'messages').then(function (m) { render(m.body.messages); });
      });
    });
  }
  var api = {
    livechat: {
      authenticate: function (opts) { window.demoEvents.push('zendesk:authenticate'); jwtFn = opts.jwtFn; whenDom(authenticate); },
      clearAll: function () { window.demoEvents.push('zendesk:clearAll'); jwtFn = null; whenDom(anonymous); }
    }
  };
  window.$zopim = function (fn) { fn(); };
  window.$zopim.livechat = api.livechat;
  document.addEventListener('DOMContentLoaded', function () {
    if (!session) status('Anonymous visitor (until the site signs you in)', 'anonymous');
    $('zd-panel').setAttribute('data-visitor', 'anonymous');
    $('zd-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = $('zd-input').value.trim();
      if (!text) return;
      $('zd-input').value = '';
      if (!session) { render([{ author: 'you (anonymous)', text: text }]); return; }
      call('POST', 'messages', { text: text }).then(function (r) { render(r.body.messages); });
    });
  });
})();
