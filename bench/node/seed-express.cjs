// The seeds' stack doing Chatpass's job: express + jsonwebtoken (seeds 001 and 003), with the fixes a fair
// comparison needs (the login token is verified with a pinned algorithm, the minted token has an exp).
// Usage: PORT=... LOGIN_SECRET=... ZENDESK_SECRET=... node seed-express.cjs
const express = require('express');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');

const app = express();
app.use(cookieParser());
app.get('/zendesk/jwt', (req, res) => {
  const token = req.cookies.token;
  if (!token) return res.status(401).json({ code: '00-00', description: 'Token not passed' });
  let login;
  try {
    login = jwt.verify(token, process.env.LOGIN_SECRET, { algorithms: ['HS256'], issuer: 'https://login.xsolla.com' });
  } catch (e) {
    return res.status(401).json({ code: '00-01', description: 'Token is invalid' });
  }
  const iat = Math.floor(Date.now() / 1000);
  const payload = { name: login.name || login.email, email: login.email, external_id: login.sub, iat, exp: iat + 300 };
  res.type('text/plain').send(jwt.sign(payload, process.env.ZENDESK_SECRET));
});
app.get('/noop', (req, res) => res.json({ status: 'up' }));
app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('seed-express ready on ' + process.env.PORT));
