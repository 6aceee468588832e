// Verifies Zendesk tokens minted by Chatpass with two independent implementations (jose and jsonwebtoken),
// under Zendesk's rules: HS256 only, exp - iat <= 420 (Chat), iat within 2 minutes of now, claims as expected.
// Input (stdin): JSON {cases: [{product, token, secret, expect: {...claims}}]}. Output: one line per case; exit 1 on any failure.
import { jwtVerify, decodeProtectedHeader } from 'jose';
import jsonwebtoken from 'jsonwebtoken';

const input = JSON.parse(await new Promise((res) => {
  let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => res(s));
}));
let failed = 0;
for (const c of input.cases) {
  const problems = [];
  try {
    const header = decodeProtectedHeader(c.token);
    if (header.alg !== 'HS256') problems.push('alg ' + header.alg);
    if (c.product === 'messaging' && !header.kid) problems.push('no kid');
    const { payload } = await jwtVerify(c.token, new TextEncoder().encode(c.secret), { algorithms: ['HS256'], clockTolerance: 120 });
    const viaJsonwebtoken = jsonwebtoken.verify(c.token, c.secret, { algorithms: ['HS256'], clockTolerance: 120 });
    const now = Math.floor(Date.now() / 1000);
    if (!Number.isInteger(payload.iat) || Math.abs(payload.iat - now) > 120) problems.push('iat not within 2 minutes');
    if (!Number.isInteger(payload.exp)) problems.push('exp not an integer');
    if (c.product === 'chat' && payload.exp - payload.iat > 420) problems.push('exp more than 420 s after iat');
    if (c.product === 'messaging' && payload.scope !== 'user') problems.push('scope ' + payload.scope);
    for (const [k, v] of Object.entries(c.expect)) {
      if (payload[k] !== v) problems.push(`${k}: ${JSON.stringify(payload[k])} != ${JSON.stringify(v)}`);
      if (viaJsonwebtoken[k] !== v) problems.push(`jsonwebtoken ${k} differs`);
    }
  } catch (e) {
    problems.push(e.code || e.name || String(e));
  }
  if (problems.length) failed++;
  console.log(`${c.product} ${problems.length ? 'FAIL ' + problems.join('; ') : 'ok'}`);
}
process.exit(failed ? 1 : 0);
