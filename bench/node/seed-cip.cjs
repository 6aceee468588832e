// The seed tutorial's Custom Identity Provider server (seed 000) as written for its cached path: express + cors,
// node-json-db with saveOnPush, GET /getToken/:username answering the stored record (the seed's getToken never
// authenticates the caller: the username in the path is the identity). node-json-db 3 made getData async: awaited.
// The upstream refresh (getFreshToken) is not exercised by the benchmark: every user is already stored.
// Usage: PORT=.. DB=path/without/.json node seed-cip.cjs
const express = require('express');
const cors = require('cors');
const { JsonDB, Config } = require('node-json-db');

const db = new JsonDB(new Config(process.env.DB, true));
const app = express();
app.use(cors());
app.get('/getToken/:username', async (req, res) => {
  const getUserData = async () => {
    try {
      return await db.getData('/' + req.params.username);
    } catch (err) {
      console.log(err.message);
      return null;
    }
  };
  const userObject = await getUserData();
  if (userObject) res.send(userObject);
  else res.status(404).send('not stored (the benchmark never asks for a user it did not store)');
});
app.get('/noop', (req, res) => res.send('ok'));
app.listen(Number(process.env.PORT), '127.0.0.1');
