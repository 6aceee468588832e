// Node at its best with jsonwebtoken 9: node:http, no framework, keys imported once as KeyObjects (with string
// secrets jsonwebtoken re-imports the key on every call, which is what makes the seeds' stack slow).
// Usage: PORT=... LOGIN_SECRET=... ZENDESK_SECRET=... node best-jsonwebtoken.mjs
import http from 'node:http';
import { cookie } from './cookie.mjs';
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';

const loginKey = createSecretKey(Buffer.from(process.env.LOGIN_SECRET, 'utf8'));
const zendeskKey = createSecretKey(Buffer.from(process.env.ZENDESK_SECRET, 'utf8'));

http.createServer((req, res) => {
  if (req.url !== '/zendesk/jwt') { res.writeHead(404); return res.end(); }
  const token = cookie(req, 'token');
  if (!token) { res.writeHead(401); return res.end(); }
  let login;
  try {
    login = jwt.verify(token, loginKey, { algorithms: ['HS256'], issuer: 'https://login.xsolla.com' });
  } catch (e) {
    res.writeHead(401);
    return res.end();
  }
  const iat = Math.floor(Date.now() / 1000);
  const minted = jwt.sign({ name: login.name || login.email, email: login.email, external_id: login.sub, iat, exp: iat + 300 },
    zendeskKey, { algorithm: 'HS256' });
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
  res.end(minted);
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('best-jsonwebtoken ready on ' + process.env.PORT));
