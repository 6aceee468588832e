// Verifies tokens signed with Chatpass's own keys against its published key set, as a remote verifier does:
// jose's createRemoteJWKSet fetches /.well-known/jwks.json, and each published key's x5c certificate must hold
// that same key. Input (stdin): JSON {jwksUrl, cases: [{token, alg, sub}], expectKids: [...]}.
// Output: one line per case; exit 1 on any failure.
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader, importX509, exportJWK } from 'jose';

const input = JSON.parse(await new Promise((res) => {
  let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => res(s));
}));
let failed = 0;
const jwks = createRemoteJWKSet(new URL(input.jwksUrl));
const set = await (await fetch(input.jwksUrl)).json();
const kids = set.keys.map((k) => k.kid);
if (JSON.stringify(kids) !== JSON.stringify(input.expectKids)) {
  console.log(`FAIL published kids ${JSON.stringify(kids)} != ${JSON.stringify(input.expectKids)}`); failed++;
}
for (const k of set.keys) {
  const problems = [];
  if (k.use !== 'sig') problems.push('use ' + k.use);
  if (!k.alg) problems.push('no alg');
  if (k.d || k.p || k.q) problems.push('private part published');
  if (!Array.isArray(k.x5c) || k.x5c.length !== 1) problems.push('no x5c');
  else {
    const pem = '-----BEGIN CERTIFICATE-----\n' + k.x5c[0].match(/.{1,64}/g).join('\n') + '\n-----END CERTIFICATE-----';
    const fromCert = await exportJWK(await importX509(pem, k.alg, { extractable: true }));
    for (const f of (k.kty === 'RSA' ? ['n', 'e'] : ['crv', 'x', 'y'])) if (fromCert[f] !== k[f]) problems.push('x5c ' + f + ' differs');
  }
  console.log(problems.length ? `FAIL key ${k.kid}: ${problems.join('; ')}` : `ok key ${k.kid} ${k.alg}`);
  if (problems.length) failed++;
}
for (const c of input.cases) {
  const problems = [];
  try {
    const header = decodeProtectedHeader(c.token);
    if (header.alg !== c.alg) problems.push('alg ' + header.alg);
    if (!header.kid) problems.push('no kid');
    const { payload } = await jwtVerify(c.token, jwks, { algorithms: [c.alg] });
    if (payload.sub !== c.sub) problems.push('sub ' + payload.sub);
  } catch (e) {
    problems.push(e.code || e.name || String(e));
  }
  console.log(problems.length ? `FAIL ${c.alg} ${c.sub}: ${problems.join('; ')}` : `ok ${c.alg} ${c.sub}`);
  if (problems.length) failed++;
}
process.exit(failed ? 1 : 0);
