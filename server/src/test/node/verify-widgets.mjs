// Checks Chatpass's widget identities the way each vendor checks them, with Node's own crypto and jose (not
// Chatpass's code): lowercase hex HMAC-SHA256 keyed with the secret's UTF-8 bytes over the exact string sent
// (no case folding), HS256 JWTs for Intercom (user_id required) and Drift (sub = userId), Crisp's token_id
// unguessable and stable per user, HubSpot's email as sent; Salesforce's token with jose's createRemoteJWKSet against
// Chatpass's /.well-known/jwks.json (kid required, RS256/RS512), Dynamics 365's with node:crypto and the key from
// /v1/dynamics365/public-key (PEM, or the [{kid, publicKey, expiry}] form), lwicontexts a serialised JSON object.
// Input (stdin): {cases: [{vendor, mode?, answer, secret?, tokenIdSecret?, lifetimeSeconds?, issuer?, jwksUrl?,
// publicKeyUrl?, algorithm?, context?, expect: {id, email, name}}]}.
// Output: one line per case; exit 1 on any failure.
import { createHmac, createHash, createPublicKey, verify } from 'node:crypto';
import { jwtVerify, decodeProtectedHeader, createRemoteJWKSet } from 'jose';

const input = JSON.parse(await new Promise((res) => {
  let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => res(s));
}));
const hmac = (secret, msg) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(msg, 'utf8')).digest('hex');
const sha256 = (msg) => createHash('sha256').update(msg, 'utf8').digest('hex');
const tokenIds = new Map(); // token_id -> user id, to check one per user

function same(problems, what, actual, expected) {
  if (actual !== expected) problems.push(`${what}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
}
function keys(problems, answer, expected) {
  const k = Object.keys(answer).join(',');
  if (k !== expected.join(',')) problems.push(`fields ${k} != ${expected.join(',')}`);
}
async function jwt(problems, token, secret, lifetime) {
  const header = decodeProtectedHeader(token);
  if (header.alg !== 'HS256') problems.push('alg ' + header.alg);
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], clockTolerance: 120 });
  const now = Math.floor(Date.now() / 1000);
  if (!Number.isInteger(payload.iat) || Math.abs(payload.iat - now) > 120) problems.push('iat not within 2 minutes');
  if (!Number.isInteger(payload.exp) || payload.exp - payload.iat !== lifetime) problems.push(`exp - iat ${payload.exp - payload.iat} != ${lifetime}`);
  return payload;
}

const remoteSets = new Map();
async function keySetToken(problems, token, c) {
  if (!remoteSets.has(c.jwksUrl)) remoteSets.set(c.jwksUrl, createRemoteJWKSet(new URL(c.jwksUrl)));
  const header = decodeProtectedHeader(token);
  if (!header.kid) problems.push('no kid (Salesforce needs it)');
  same(problems, 'alg', header.alg, c.algorithm);
  const { payload } = await jwtVerify(token, remoteSets.get(c.jwksUrl), { algorithms: ['RS256', 'RS512'], issuer: c.issuer, clockTolerance: 120 });
  if (payload.exp - payload.iat !== c.lifetimeSeconds) problems.push(`exp - iat ${payload.exp - payload.iat} != ${c.lifetimeSeconds}`);
  return payload;
}
async function publicKeyToken(problems, token, c) {
  const doc = await (await fetch(c.publicKeyUrl)).text();
  const [h, b, sig] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  same(problems, 'alg', header.alg, 'RS256');
  let pem = doc;
  if (!doc.startsWith('-----BEGIN PUBLIC KEY-----')) {
    const entry = JSON.parse(doc).find((k) => k.kid === header.kid);
    if (!entry) { problems.push('kid not in the public key document'); return {}; }
    pem = Buffer.from(entry.publicKey, 'base64').toString('ascii');
  }
  if (!verify('RSA-SHA256', Buffer.from(h + '.' + b), createPublicKey(pem), Buffer.from(sig, 'base64url'))) problems.push('signature');
  const payload = JSON.parse(Buffer.from(b, 'base64url').toString('utf8'));
  same(problems, 'iss', payload.iss, c.issuer);
  const now = Math.floor(Date.now() / 1000);
  if (!(payload.exp > now) || Math.abs(payload.iat - now) > 120) problems.push('iat/exp not current');
  return payload;
}

let failed = 0;
for (const c of input.cases) {
  const a = c.answer;
  const e = c.expect;
  const p = [];
  try {
    switch (c.vendor) {
      case 'intercom':
        if (c.mode === 'hmac') {
          keys(p, a, ['user_id', 'email', 'name', 'user_hash']);
          same(p, 'user_id', a.user_id, e.id);
          same(p, 'user_hash', a.user_hash, hmac(c.secret, a.user_id)); // Intercom: user_id takes preference
        } else {
          keys(p, a, ['intercom_user_jwt', 'expires_at']);
          const claims = await jwt(p, a.intercom_user_jwt, c.secret, c.lifetimeSeconds);
          if (typeof claims.user_id !== 'string' || !claims.user_id) p.push('no user_id claim (Intercom rejects it)');
          same(p, 'user_id', claims.user_id, e.id);
          same(p, 'email claim', claims.email, e.email);
          same(p, 'name claim', claims.name, e.name);
          same(p, 'expires_at', Date.parse(a.expires_at), claims.exp * 1000);
        }
        break;
      case 'crisp':
        keys(p, a, ['email', 'signature', 'nickname', 'token_id']);
        same(p, 'email', a.email, e.email);
        same(p, 'signature', a.signature, hmac(c.secret, a.email));
        same(p, 'nickname', a.nickname, e.name);
        if (!/^[0-9a-f]{64}$/.test(a.token_id)) p.push('token_id is not 256 bits of hex');
        for (const guess of [e.id, e.email, sha256(e.id), sha256(e.email), hmac(c.secret, e.id), hmac(c.secret, e.email)]) {
          if (a.token_id === guess) p.push('token_id is computable from public values');
        }
        if (tokenIds.has(a.token_id) && tokenIds.get(a.token_id) !== e.id) p.push('token_id shared by two users');
        tokenIds.set(a.token_id, e.id);
        break;
      case 'tawkto':
        keys(p, a, ['userId', 'name', 'email', 'hash']);
        same(p, 'userId', a.userId, e.id);
        same(p, 'hash', a.hash, hmac(c.secret, a.userId));
        break;
      case 'helpscout':
        keys(p, a, ['name', 'email', 'signature']);
        same(p, 'email', a.email, e.email);
        same(p, 'signature', a.signature, hmac(c.secret, a.email));
        break;
      case 'chatwoot':
        keys(p, a, ['identifier', 'name', 'email', 'identifier_hash']);
        same(p, 'identifier', a.identifier, e.id);
        // Chatwoot compares with == against OpenSSL::HMAC.hexdigest: lowercase hex, exactly.
        same(p, 'identifier_hash', a.identifier_hash, hmac(c.secret, String(a.identifier)));
        break;
      case 'front':
        keys(p, a, ['email', 'name', 'userHash']);
        same(p, 'email', a.email, e.email);
        same(p, 'userHash', a.userHash, hmac(c.secret, a.email));
        break;
      case 'drift': {
        keys(p, a, ['userId', 'email', 'name', 'userJwt']);
        const claims = await jwt(p, a.userJwt, c.secret, c.lifetimeSeconds);
        same(p, 'sub', claims.sub, a.userId);
        same(p, 'userId', a.userId, e.id);
        break;
      }
      case 'hubspot':
        keys(p, a, ['identificationEmail', 'identificationToken']);
        same(p, 'identificationEmail', a.identificationEmail, e.email);
        if (typeof a.identificationToken !== 'string' || !a.identificationToken) p.push('no identificationToken');
        break;
      case 'kustomer': {
        keys(p, a, ['jwtToken', 'externalId', 'email', 'expiresAt']);
        const claims = await jwt(p, a.jwtToken, c.secret, c.lifetimeSeconds); // Kustomer: iat under 15 minutes old
        same(p, 'externalId claim', claims.externalId, e.id);
        same(p, 'externalId', a.externalId, e.id);
        same(p, 'email claim', claims.email, e.email);
        break;
      }
      case 'featurebase': {
        keys(p, a, ['featurebaseJwt', 'expiresAt']);
        const claims = await jwt(p, a.featurebaseJwt, c.secret, c.lifetimeSeconds);
        same(p, 'userId', claims.userId, e.id);
        same(p, 'email claim', claims.email, e.email);
        same(p, 'name claim', claims.name, e.name);
        break;
      }
      case 'salesforce': {
        keys(p, a, ['identityTokenType', 'identityToken', 'expiresAt']);
        same(p, 'identityTokenType', a.identityTokenType, 'JWT');
        const claims = await keySetToken(p, a.identityToken, c);
        same(p, 'sub', claims.sub, e.id);
        same(p, 'claims', Object.keys(claims).sort().join(','), 'exp,iat,iss,sub');
        same(p, 'expiresAt', Date.parse(a.expiresAt), claims.exp * 1000);
        break;
      }
      case 'dynamics365': {
        keys(p, a, ['token', 'expiresAt']);
        const claims = await publicKeyToken(p, a.token, c);
        same(p, 'sub', claims.sub, e.id);
        if (typeof claims.lwicontexts !== 'string') p.push('lwicontexts is not a string');
        else {
          const ctx = JSON.parse(claims.lwicontexts);
          for (const [name, value] of Object.entries(c.context)) same(p, 'lwicontexts.' + name, ctx[name], e[value]);
          if (Object.values(ctx).some((v) => typeof v !== 'string')) p.push('lwicontexts holds a value that is not primitive');
        }
        break;
      }
      default:
        p.push('unknown vendor');
    }
    if (c.vendor !== 'hubspot' && !(c.vendor === 'intercom' && c.mode !== 'hmac')) {
      if ('email' in a) same(p, 'email exactly as in the login', a.email, e.email);
      if ('name' in a) same(p, 'name', a.name, e.name);
    }
  } catch (err) {
    p.push(err.code || err.name || String(err));
  }
  if (p.length) failed++;
  console.log(`${c.vendor}${c.mode ? '/' + c.mode : ''} ${e.id} ${p.length ? 'FAIL ' + p.join('; ') : 'ok'}`);
}
process.exit(failed ? 1 : 0);
