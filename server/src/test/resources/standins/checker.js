/*
 * The browser tests' stand-in for the vendors' servers: checks what the widget stand-ins receive with WebCrypto,
 * under each vendor's rule (lowercase hex HMAC-SHA256 with the secret's UTF-8 bytes; HS256 JWTs; HubSpot's own
 * tokens; tokens signed with Chatpass's own keys, checked as Salesforce does against the JWKS it publishes and as
 * Dynamics 365 does with the key from its public key URL). Test secrets only: a real page never holds them.
 * keysets: {salesforce: {jwksUrl, issuer}, dynamics365: {publicKeyUrl, issuer}}.
 */
window.makeChecker = function (secrets, hubspotKey, keysets) {
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
  function bytes(b64u) {
    var b = atob(b64u.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(b, function (c) { return c.charCodeAt(0); });
  }
  var HASH = { RS256: 'SHA-256', RS512: 'SHA-512' };
  /** The public key for a token's header: from the JWKS by kid (Salesforce), or from the PEM document (Dynamics). */
  function keyFor(vendor, header) {
    var k = (keysets || {})[vendor];
    if (!k || !HASH[header.alg]) return Promise.resolve(null);
    var algo = { name: 'RSASSA-PKCS1-v1_5', hash: HASH[header.alg] };
    if (k.jwksUrl) {
      return fetch(k.jwksUrl).then(function (r) { return r.json(); }).then(function (set) {
        var jwk = set.keys.filter(function (j) { return j.kid === header.kid && j.alg === header.alg; })[0];
        return jwk ? crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: jwk.alg }, algo, false, ['verify']) : null;
      });
    }
    return fetch(k.publicKeyUrl).then(function (r) { return r.text(); }).then(function (doc) {
      var pem = doc;
      if (doc.indexOf('-----BEGIN PUBLIC KEY-----') !== 0) {
        var entry = JSON.parse(doc).filter(function (e) { return e.kid === header.kid; })[0];
        if (!entry) return null;
        pem = atob(entry.publicKey);
      }
      var der = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s/g, '');
      return header.alg === 'RS256' ? crypto.subtle.importKey('spki', bytes(der), algo, false, ['verify']) : null;
    });
  }
  return {
    keyset: function (vendor, token) {
      var p = String(token).split('.');
      if (p.length !== 3) return Promise.resolve(null);
      var header = JSON.parse(text(p[0]));
      return keyFor(vendor, header).then(function (key) {
        if (!key) return null;
        return crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, bytes(p[2]), enc.encode(p[0] + '.' + p[1])).then(function (ok) {
          var claims = JSON.parse(text(p[1]));
          return ok && claims.iss === keysets[vendor].issuer && typeof claims.sub === 'string' && claims.exp * 1000 > Date.now() ? claims : null;
        });
      });
    },
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
