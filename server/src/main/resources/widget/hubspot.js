/*
 * Chatpass glue for HubSpot chat (visitor identification). One tag, BEFORE HubSpot's tracking code loader:
 *
 *   <script src="https://chatpass.example.com/v1/widget/hubspot.js"></script>
 *   <script async src="//js.hs-scripts.com/PORTAL_ID.js" id="hs-script-loader"></script>
 *
 * It sets hsConversationsSettings.loadImmediately = false at once, so the widget waits; signed in, it adds
 * identificationEmail and identificationToken (the token HubSpot created for the user, via Chatpass); then it calls
 * HubSpotConversations.widget.load(). Signed out: the widget loads anonymously.
 * Chatpass.hubspot.logout() calls HubSpotConversations.clear({resetWidget: true}).
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var base = new URL(document.currentScript.src).origin;
  var settings = window.hsConversationsSettings = window.hsConversationsSettings || {};
  settings.loadImmediately = false;

  function whenConversations(fn) {
    if (window.HubSpotConversations && window.HubSpotConversations.widget) fn();
    else (window.hsConversationsOnReady = window.hsConversationsOnReady || []).push(fn);
  }

  C._glue('hubspot', base, function (id, previous) {
    if (id && previous && previous.identificationEmail !== id.identificationEmail && window.HubSpotConversations) {
      window.HubSpotConversations.clear({ resetWidget: true }); // another user: HubSpot forgets the last one first
    }
    if (id) {
      settings.identificationEmail = id.identificationEmail;
      settings.identificationToken = id.identificationToken;
    } else {
      delete settings.identificationEmail;
      delete settings.identificationToken;
    }
    whenConversations(function () {
      var w = window.HubSpotConversations.widget;
      if (w.status && w.status().loaded) w.refresh(); else w.load();
    });
  }, function () {
    delete settings.identificationEmail;
    delete settings.identificationToken;
    if (window.HubSpotConversations) window.HubSpotConversations.clear({ resetWidget: true });
  });
})();
