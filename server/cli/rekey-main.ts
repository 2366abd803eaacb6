import { describeRekey, NEW_ENCRYPTION_KEY_VAR, rekey } from '../infra/secrets/rekey';
import { ENCRYPTION_KEY_VAR } from '../infra/secrets/master-key';
import { databaseFileFrom } from '../store/sqlite-files';

// `npm run secrets:rekey` (built to dist/rekey.js): re-encrypts the stored secrets under a new key,
// reading the database and the keys from the same variables as the server.
const result = rekey({
  dbFile: databaseFileFrom(process.env.UPSHIFT_DB),
  currentKey: process.env[ENCRYPTION_KEY_VAR],
  newKey: process.env[NEW_ENCRYPTION_KEY_VAR],
});
if (!result.ok) {
  console.error(result.error);
  process.exit(1);
}
console.log(describeRekey(result));
