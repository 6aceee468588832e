/*
 * Chatpass glue for Kustomer Chat (logged-in customers). After Kustomer's own script tag, instead of your own
 * Kustomer.start call (the glue starts the widget, then logs the customer in from its callback, as Kustomer requires):
 *
 *   <script src="https://cdn.kustomerapp.com/chat-web/widget.js" data-kustomer-api-key="API_KEY"></script>
 *   <script src="https://chatpass.example.com/v1/widget/kustomer.js" data-brand-id="BRAND_ID"></script>   (brand optional)
 *
 * Signed in: once Kustomer.start has finished, Kustomer.isLoggedIn({email or externalId}) and, when it is another
 * customer or nobody, Kustomer.login({jwtToken}) with a token minted moments before (Kustomer refuses one issued
 * more than 15 minutes ago; an older one is fetched again). Signed out after a login: Kustomer.logout().
 * Chatpass.kustomer.logout() calls Kustomer.logout(), which clears the session and its cached conversations in
 * this browser (the conversations stay on the customer in Kustomer).
 */
(function () {
  'use strict';
  var C = window.Chatpass;
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var brandId = script.getAttribute('data-brand-id');
  var started = false;
  var current = null;
  var loggedIn = false;
  var api;

  function kustomer() {
    return window.Kustomer && typeof window.Kustomer.login === 'function' ? window.Kustomer : null;
  }

  function fresh(id) {
    return Date.parse(id.expiresAt) - Date.now() > 60000 ? Promise.resolve(id)
      : C._identity(base, 'kustomer').then(function (n) { if (api) api.identity = n; return n; });
  }

  function logIn(id) {
    var K = kustomer();
    if (!id || !started || !K) return;
    var who = id.email ? { email: id.email } : { externalId: id.externalId }; // the email wins at Kustomer when both are signed
    K.isLoggedIn(who, function (res, error) {
      if (!error && res === true) { loggedIn = true; return; }
      fresh(id).then(function (n) {
        if (!n || current !== id) return; // signed out, or another identity arrived meanwhile
        K.login({ jwtToken: n.jwtToken }, function (r, err) {
          if (err) console.error('Chatpass: Kustomer refused the login', err);
          else loggedIn = true;
        });
      });
    });
  }

  function logOut() {
    var K = kustomer();
    if (started && K) K.logout();
    loggedIn = false;
  }

  api = C._glue('kustomer', base, function (id) {
    current = id;
    if (id) logIn(id);
    else if (loggedIn) logOut();
  }, function () {
    current = null;
    logOut();
  }, { refresh: false });

  function start() {
    var K = kustomer();
    if (!K || started) return;
    K.start(brandId ? { brandId: brandId } : {}, function () {
      started = true;
      logIn(current);
    });
  }
  if (kustomer()) start();
  else window.addEventListener('kustomerLoaded', start);
})();
