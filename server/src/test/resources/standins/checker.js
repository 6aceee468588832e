/*
 * The browser tests' stand-in for the vendors' servers: checks what the widget stand-ins receive with WebCrypto,
 * under each vendor's rule (lowercase hex HMAC-SHA256 with the secret's UTF-8 bytes; HS256 JWTs; HubSpot's own
 * tokens). Test secrets only: a real page never holds them.
 */
window.makeChecker = function (secrets, hubspotKey) {
  'use strict';
  var enc = new TextEncoder();
  function mac(secret, msg) {
    return crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      .then(function (k) { return crypto.subtle.sign('HMAC', k, enc.encode(msg)); });
  }
  function hex(buf) {
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  function b64url(buf) {
    var s = '';
    new Uint8Array(buf).forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function text(b64u) {
    var b = atob(b64u.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder().decode(Uint8Array.from(b, function (c) { return c.charCodeAt(0); }));
  }
  return {
    hmac: function (vendor, message, signature) {
      return mac(secrets[vendor], message).then(function (b) { return hex(b) === signature; });
    },
    jwt: function (vendor, token) {
      var p = token.split('.');
      if (p.length !== 3 || JSON.parse(text(p[0])).alg !== 'HS256') return Promise.resolve(null);
      return mac(secrets[vendor], p[0] + '.' + p[1]).then(function (b) {
        if (b64url(b) !== p[2]) return null;
        var claims = JSON.parse(text(p[1]));
        return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() ? claims : null;
      });
    },
    hubspot: function (email, token) {
      var p = token.split('.');
      if (p.length !== 3) return Promise.resolve(false);
      return mac(hubspotKey, p[0] + '.' + p[1]).then(function (b) {
        return b64url(b) === p[2] && text(p[0]) === email && Number(p[1]) * 1000 > Date.now();
      });
    }
  };
};
