// The same job on Node's jose package and node:http (no framework). Usage: PORT=... LOGIN_SECRET=... ZENDESK_SECRET=...
import http from 'node:http';
import { jwtVerify, SignJWT } from 'jose';

const loginKey = new TextEncoder().encode(process.env.LOGIN_SECRET);
const zendeskKey = new TextEncoder().encode(process.env.ZENDESK_SECRET);

function cookie(req, name) {
  const header = req.headers.cookie || '';
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

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
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('jose ready on ' + process.env.PORT));
