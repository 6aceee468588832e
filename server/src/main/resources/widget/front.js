/*
 * Chatpass glue for Front Chat (identity verification). One tag, after Front's chat script:
 *
 *   <script src="https://chatpass.example.com/v1/widget/front.js" data-chat-id="CHAT_ID"></script>
 *
 * With data-chat-id the glue calls FrontChat('init', {chatId, useDefaultLauncher: true, email, name, userHash})
 * (anonymous init when signed out); without it the page inits Front itself and the glue calls
 * FrontChat('identity', {email, name, userHash}). Chatpass.front.logout() calls FrontChat('shutdown',
 * {clearSession: true}), which removes the chat cookies and the identity.
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var chatId = script.getAttribute('data-chat-id');

  function front() {
    if (typeof window.FrontChat === 'function') return window.FrontChat;
    console.warn('Chatpass: FrontChat is not on the page; add Front\'s chat script (chat.bundle.js)');
    return null;
  }

  var initialised = false;

  C._glue('front', base, function (id, previous) {
    var f = front();
    if (!f) return;
    var who = id ? { email: id.email, userHash: id.userHash } : null;
    if (who && id.name) who.name = id.name;
    if (chatId && initialised && who && previous && previous.email !== id.email) {
      f('shutdown', { clearSession: true }); // another user: end the last one's session first
      initialised = false;
    }
    if (chatId && !initialised) {
      var o = { chatId: chatId, useDefaultLauncher: true };
      if (who) Object.keys(who).forEach(function (k) { o[k] = who[k]; });
      f('init', o);
      initialised = true;
    } else if (who) {
      f('identity', who);
    }
  }, function () {
    var f = front();
    if (f) f('shutdown', { clearSession: true });
    initialised = false;
    if (f && chatId) { f('init', { chatId: chatId, useDefaultLauncher: true }); initialised = true; } // anonymous again
  });
})();
