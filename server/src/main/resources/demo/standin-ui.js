// Small UI helpers shared by the demo's two stand-in widgets.
window.DemoUi = (function () {
  'use strict';
  function $(id) { return document.getElementById(id); }
  // A vendor's widget may be asked to start before the page body exists: wait for it.
  function whenDom(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }
  function status(id, text, kind) { var s = $(id); s.textContent = text; s.className = 'status ' + (kind || ''); }
  function render(id, messages) {
    var ul = $(id);
    ul.innerHTML = '';
    messages.forEach(function (m) {
      var li = document.createElement('li');
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = m.author;
      li.appendChild(who);
      li.appendChild(document.createTextNode(m.text));
      ul.appendChild(li);
    });
  }
  return { $: $, whenDom: whenDom, status: status, render: render };
})();
