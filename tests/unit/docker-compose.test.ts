import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The Docker deployment runs MongoDB with access control (issue 6 §7). Docker is not on the machines the tests
 * run on, so the compose file is read as text, and the app's entrypoint (which puts the password into the URI)
 * runs as the real shell script it is.
 */
const root = path.resolve(__dirname, '..', '..');
const compose = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');

/** The lines of one service's block (from `  name:` to the next service or top-level key). */
function service(name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  expect(start).toBeGreaterThan(0);
  const rest = compose.slice(start + 1);
  const end = rest.slice(1).search(/\n {2}\S|\n\S/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

describe('docker-compose.yml', () => {
  it('runs mongod as a replica set with a keyFile and a root user whose password comes from a secret file', () => {
    const mongo = service('mongo');
    expect(mongo).toMatch(/command: \[.*'--replSet'.*'--keyFile', '\/run\/mongo-private\/keyfile'\]/);
    expect(mongo).toMatch(/MONGO_INITDB_ROOT_USERNAME: root/);
    expect(mongo).toMatch(/MONGO_INITDB_ROOT_PASSWORD_FILE: \/run\/mongo-private\/root-password/);
    expect(mongo).not.toMatch(/MONGO_INITDB_ROOT_PASSWORD:/);
    // The database publishes no port: only the app reaches it, over the compose network.
    expect(mongo).not.toMatch(/\n {4}ports:/);
  });

  it('gives the app a user of its own, with rights on its database only, and a URI that uses it', () => {
    const app = service('app');
    const uri = /MONGODB_URI: (\S+)/.exec(app)?.[1];
    expect(uri).toBeDefined();
    const parsed = new URL(uri!);
    expect(parsed.username).toBe('whistle412');
    expect(parsed.password).toBe('');
    expect(parsed.searchParams.get('authSource')).toBe('whistle412');
    expect(app).toMatch(/MONGODB_PASSWORD_FILE: \/run\/secrets\/mongo_app_password/);
    const createUser = readFileSync(path.join(root, 'docker', 'mongo', 'initdb', 'create-app-user.sh'), 'utf8');
    expect(createUser).toMatch(/roles: \[\{ role: 'readWrite', db: \$\(_js_escape "\$MONGO_INITDB_DATABASE"\) \}\]/);
    expect(createUser.match(/role: '\w+'/g)).toEqual(["role: 'readWrite'"]);
  });

  it("the app's entrypoint puts the secret file's password into the URI, percent-encoded, and drops the file's name", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'w412-compose-'));
    try {
      const password = 'p@ss:w/rd?#%& пароль';
      writeFileSync(path.join(dir, 'password'), `${password}\n`);
      const output = execFileSync('sh', [path.join(root, 'docker', 'app-entrypoint.sh'), 'env'], {
        env: {
          PATH: process.env.PATH,
          MONGODB_URI: 'mongodb://whistle412@mongo:27017/whistle412?replicaSet=rs0&authSource=whistle412',
          MONGODB_PASSWORD_FILE: path.join(dir, 'password'),
        },
        encoding: 'utf8',
      });
      const env = Object.fromEntries(
        output.split('\n').map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]),
      );
      expect(env.MONGODB_PASSWORD_FILE).toBeUndefined();
      const uri = new URL(env.MONGODB_URI);
      expect([uri.username, decodeURIComponent(uri.password), uri.host, uri.search]).toEqual([
        'whistle412',
        password,
        'mongo:27017',
        '?replicaSet=rs0&authSource=whistle412',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
