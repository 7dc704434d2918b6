/* global fs, Mongo, quit -- mongosh provides these */
// `mongosh --nodb --file`: healthy once the replica set is up. On the first
// start it initiates the one-member set, as root (read from the private copy
// of the secret), since with a keyFile nothing else may.
const password = fs.readFileSync('/run/mongo-private/root-password', 'utf8').replace(/\n+$/, '');
const admin = new Mongo('mongodb://127.0.0.1:27017/?directConnection=true').getDB('admin');
admin.auth('root', password);
let ok;
try {
  ok = admin.adminCommand({ replSetGetStatus: 1 }).ok;
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') throw error;
  ok = admin.adminCommand({ replSetInitiate: { _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] } }).ok;
}
if (ok !== 1) quit(1);
