// Node at its best with jose: node:http, no framework, keys imported once as KeyObjects. The same job as Chatpass's
// /v1/zendesk/chat/jwt: verify the login token from the cookie (HS256 pinned, issuer checked), mint a Zendesk Chat JWT.
// Usage: PORT=... LOGIN_SECRET=... ZENDESK_SECRET=... node best-jose.mjs
import http from 'node:http';
import { cookie } from './cookie.mjs';
import { createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

const loginKey = createSecretKey(Buffer.from(process.env.LOGIN_SECRET, 'utf8'));
const zendeskKey = createSecretKey(Buffer.from(process.env.ZENDESK_SECRET, 'utf8'));

http.createServer(async (req, res) => {
  if (req.url !== '/zendesk/jwt') { res.writeHead(404); return res.end(); }
  const token = cookie(req, 'token');
  if (!token) { res.writeHead(401); return res.end(); }
  try {
    const { payload } = await jwtVerify(token, loginKey, { algorithms: ['HS256'], issuer: 'https://login.xsolla.com' });
    const jwt = await new SignJWT({ name: payload.name || payload.email, email: payload.email, external_id: payload.sub })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('300s').sign(zendeskKey);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end(jwt);
  } catch (e) {
    res.writeHead(401);
    res.end();
  }
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('best-jose ready on ' + process.env.PORT));
