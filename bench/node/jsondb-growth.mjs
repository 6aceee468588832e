// The seed tutorial's storage design: node-json-db with saveOnPush, one record per user, the whole file rewritten on
// every write. Measures the cost of one more write and of one read as the user count grows, within a time bound.
// Usage: node jsondb-growth.mjs DIR MAX_USERS MAX_SECONDS   -> JSON lines {users, writeMs, readMs}
import { JsonDB, Config } from 'node-json-db';
import { rmSync } from 'node:fs';

const [dir, maxUsersArg, maxSecondsArg] = process.argv.slice(2);
const maxUsers = Number(maxUsersArg);
const deadline = Date.now() + Number(maxSecondsArg) * 1000;
const file = dir + '/myDataBase';
rmSync(file + '.json', { force: true });
const db = new JsonDB(new Config(file, true));
const checkpoints = [1000, 10000, 100000, 1000000].filter((n) => n <= maxUsers);
function record(i) {
  return { creationDate: Date.now(), licenseId: 12345678, entityId: 'e-' + i, expiresIn: 28800, tokenType: 'Bearer',
    accessToken: 'dal:' + 'x'.repeat(40), username: 'user' + i, __lc_cid: '__lc_cid=e-' + i, __lc_cst: '__lc_cst=' + 'f'.repeat(32) };
}
let n = 0;
for (const target of checkpoints) {
  // Grow to just below the checkpoint without saving each push (to keep the run bounded), then measure real pushes.
  db.config.saveOnPush = false;
  while (n < target - 20) { await db.push('/user' + n, record(n)); n++; }
  await db.save();
  db.config.saveOnPush = true;
  const t0 = process.hrtime.bigint();
  let pushes = 0;
  while (n < target && Date.now() < deadline) { await db.push('/user' + n, record(n)); n++; pushes++; }
  const writeMs = Number(process.hrtime.bigint() - t0) / 1e6 / Math.max(pushes, 1);
  const r0 = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) await db.getData('/user' + Math.floor(Math.random() * n));
  const readMs = Number(process.hrtime.bigint() - r0) / 1e6 / 100;
  console.log(JSON.stringify({ users: target, writeMs, readMs, timedOut: Date.now() >= deadline }));
  if (Date.now() >= deadline) break;
}
