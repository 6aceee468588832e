// The demo's widget picker: the chosen stand-ins (?w=intercom&w=crisp...) are installed with the sandbox as their
// vendor side, each vendor's real Chatpass glue script is loaded, and a card per widget shows what that widget
// believes: the identity it verified, or that the visitor is anonymous.
(function () {
  'use strict';
  var NAMES = { intercom: 'Intercom', crisp: 'Crisp', tawkto: 'Tawk.to', helpscout: 'Help Scout Beacon', chatwoot: 'Chatwoot',
    front: 'Front Chat', drift: 'Drift', hubspot: 'HubSpot chat', salesforce: 'Salesforce Messaging', dynamics365: 'Dynamics 365 chat', kustomer: 'Kustomer',
    featurebase: 'Featurebase Messenger' };
  var chosen = new URLSearchParams(window.location.search).getAll('w').filter(function (v) { return NAMES[v]; });
  window.demoWidgets = chosen;

  function claimsOf(jwt) {
    var b = atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(b, function (c) { return c.charCodeAt(0); })));
  }

  function post(body) {
    return fetch('/sandbox/widgets/check', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }
  ChatpassStandins.install({
    hmac: function (v, m, s) { return post({ vendor: v, kind: 'hmac', message: m, signature: s }).then(function (r) { return r.ok; }); },
    jwt: function (v, t) { return post({ vendor: v, kind: 'jwt', token: t }).then(function (r) { return r.ok ? r.claims : null; }); },
    hubspot: function (e, t) { return post({ kind: 'hubspot', email: e, token: t }).then(function (r) { return r.ok; }); },
    keyset: function (v, t) { return post({ vendor: v, kind: v, token: t }).then(function (r) { return r.ok ? claimsOf(t) : null; }); }
  }, chosen);

  var attrs = {
    intercom: { 'data-app-id': 'demo-app' },
    crisp: { 'data-website-id': 'demo-website', 'data-snippet-src': ChatpassStandins.loader('crisp') },
    tawkto: { 'data-snippet-src': ChatpassStandins.loader('tawkto') },
    front: { 'data-chat-id': 'demo-chat' },
    kustomer: { 'data-brand-id': 'demo-brand' },
    featurebase: { 'data-app-id': 'demo-app' }
  };
  chosen.forEach(function (v) {
    var s = document.createElement('script');
    s.src = '/v1/widget/' + v + '.js';
    Object.keys(attrs[v] || {}).forEach(function (k) { s.setAttribute(k, attrs[v][k]); });
    document.head.appendChild(s);
  });

  // Dynamics 365 asks for a token only when a chat starts: the demo starts one once its glue has identified.
  if (chosen.indexOf('dynamics365') >= 0) {
    (function wait(n) {
      if (window.Chatpass && window.Chatpass.dynamics365) {
        window.Chatpass.dynamics365.ready.then(function () { setTimeout(ChatpassStandins.dynamicsStartChat, 100); });
      } else if (n < 200) {
        setTimeout(function () { wait(n + 1); }, 25);
      }
    })(0);
  }

  function render(v, state) {
    var card = document.getElementById('w-' + v);
    if (!card) return;
    card.setAttribute('data-status', state.status);
    var u = state.user || {};
    var text = state.status === 'verified'
      ? 'Verified by the ' + NAMES[v] + ' stand-in: ' + [u.id && 'id ' + u.id, u.email, u.name].filter(Boolean).join(', ')
      : state.status === 'rejected' ? 'Refused: ' + state.errors[state.errors.length - 1] : 'Anonymous visitor';
    DemoUi.status('w-' + v + '-status', text, state.status === 'rejected' ? 'error' : state.status);
    card.querySelector('.calls').textContent = state.calls.length ? 'Widget API calls: ' + state.calls.join(', ') : '';
  }

  DemoUi.whenDom(function () {
    var picker = document.getElementById('widget-picker');
    Object.keys(NAMES).forEach(function (v) {
      var label = document.createElement('label');
      var box = document.createElement('input');
      box.type = 'checkbox'; box.name = 'w'; box.value = v; box.checked = chosen.indexOf(v) >= 0;
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + NAMES[v]));
      picker.insertBefore(label, picker.lastElementChild);
    });
    var cards = document.getElementById('widget-cards');
    chosen.forEach(function (v) {
      var card = document.createElement('section');
      card.className = 'card small';
      card.id = 'w-' + v;
      var h = document.createElement('h2');
      h.textContent = NAMES[v];
      var status = document.createElement('div');
      status.className = 'status';
      status.id = 'w-' + v + '-status';
      status.textContent = 'Starting…';
      var calls = document.createElement('div');
      calls.className = 'calls muted';
      card.appendChild(h); card.appendChild(status); card.appendChild(calls);
      cards.appendChild(card);
      render(v, ChatpassStandins.state[v]);
    });
    ChatpassStandins.listeners.push(render);
  });
})();
