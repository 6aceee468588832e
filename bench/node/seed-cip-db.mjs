// Writes the seed CIP server's node-json-db file with USERS stored customers, in the record shape its
// getFreshToken stores (creationDate, licenseId, entityId, expiresIn, tokenType, accessToken, username, cookies).
// Usage: node seed-cip-db.mjs FILE_WITHOUT_JSON USERS
import { writeFileSync } from 'node:fs';
const [file, usersArg] = process.argv.slice(2);
const users = Number(usersArg);
const data = {};
for (let i = 0; i < users; i++) {
  data['user-' + i] = { creationDate: Date.now(), licenseId: 12345678, entityId: 'e-' + i, expiresIn: 28800, tokenType: 'Bearer',
    accessToken: 'dal:' + i.toString(36).padStart(40, 'x'), username: 'user-' + i, __lc_cid: '__lc_cid=e-' + i,
    __lc_cst: '__lc_cst=' + i.toString(16).padStart(32, 'f') };
}
writeFileSync(file + '.json', JSON.stringify(data));
