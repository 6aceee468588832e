// Writes login tokens for the load benchmarks, one per line, each never seen before (its own jti and iat).
// Usage: LOGIN_SECRET=... node make-tokens.mjs FILE COUNT MODE [USERS]
//   MODE steady: users drawn at random from USERS (default 50000) site users, who are seen before the measured run
//   MODE first:  a new site user in every token (every request is a first visit); FILE's name salts the user ids
//   MODE warm:   one token for each of the USERS users, in order (the pass that makes them "seen")
// Test data, not a product: HS256 with node:crypto directly, so a million tokens take seconds.
import { createHmac, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';

const [file, countArg, mode, usersArg] = process.argv.slice(2);
const users = Number(usersArg || 50000);
const count = mode === 'warm' ? users : Number(countArg);
const secret = Buffer.from(process.env.LOGIN_SECRET, 'utf8');
const b64 = (s) => Buffer.from(s).toString('base64url');
const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const salt = basename(file).replace(/\W/g, '');
const now = Math.floor(Date.now() / 1000);
const out = createWriteStream(file);
const nonce = randomBytes(4).toString('hex');
for (let i = 0; i < count; i++) {
  const sub = mode === 'first' ? `first-${salt}-${nonce}-${i}` : mode === 'warm' ? `user-${i}` : `user-${Math.floor(Math.random() * users)}`;
  const payload = b64(JSON.stringify({ iss: 'https://login.xsolla.com', sub, email: `${sub}@example.com`, name: 'Bench User',
    xsolla_login_project_id: 'bench', iat: now, exp: now + 7200, jti: `${nonce}${i.toString(36)}` }));
  const input = `${header}.${payload}`;
  const sig = createHmac('sha256', secret).update(input).digest('base64url');
  if (!out.write(`${input}.${sig}\n`)) await new Promise((r) => out.once('drain', r));
}
out.end();
