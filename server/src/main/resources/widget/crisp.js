/*
 * Chatpass glue for Crisp. One tag, instead of Crisp's own loader (CRISP_TOKEN_ID must be set before it runs):
 *
 *   <script src="https://chatpass.example.com/v1/widget/crisp.js" data-website-id="WEBSITE_ID"
 *           data-snippet-src="https://client.crisp.chat/l.js"></script>   (the default loader)
 *
 * Signed in: CRISP_TOKEN_ID (the same conversation on every device; Crisp applies it to new sessions, not to one
 * restored from a cookie), then the verified email with its signature ("user:email") and the nickname, then the
 * loader. Signed out: the loader alone. Chatpass.crisp.logout() clears CRISP_TOKEN_ID and resets the session.
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var websiteId = script.getAttribute('data-website-id');
  var loader = script.getAttribute('data-snippet-src') || 'https://client.crisp.chat/l.js';
  window.$crisp = window.$crisp || [];
  if (websiteId) window.CRISP_WEBSITE_ID = websiteId;

  C._glue('crisp', base, function (id, previous) {
    if (id) {
      var switching = window.CRISP_TOKEN_ID !== id.token_id;
      window.CRISP_TOKEN_ID = id.token_id;
      // Crisp reads the token when a session starts: once loaded, a new user needs a new session (the anonymous
      // conversation stays behind; the user's own history comes back with the token)
      if (switching && document.getElementById('chatpass-crisp-loader')) window.$crisp.push(['do', 'session:reset']);
      window.$crisp.push(['set', 'user:email', [id.email, id.signature]]);
      if (id.nickname) window.$crisp.push(['set', 'user:nickname', [id.nickname]]);
    }
    C._loadScript(loader, 'chatpass-crisp-loader');
  }, function () {
    window.CRISP_TOKEN_ID = undefined;
    window.$crisp.push(['do', 'session:reset']);
  });
})();
