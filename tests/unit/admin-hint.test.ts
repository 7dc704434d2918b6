import { adminCommand } from '../../backend/src/cli/hint';

/**
 * The command the server's first start prints for the first-run setup. With
 * the server on another DATA_DIR, a plain `npm run admin -- init` in another
 * terminal silently set up a second, empty database in ./data that the
 * server never reads: the printed command carries the same settings.
 */
it('with the defaults, the command is the one the README gives', () => {
  expect(adminCommand('init', {})).toBe('npm run admin -- init');
});

it('carries DATA_DIR and DB_NAME as the server got them, quoted for the shell when they must be', () => {
  expect(adminCommand('init', { DATA_DIR: '/srv/whistle/data' })).toBe(
    'DATA_DIR=/srv/whistle/data npm run admin -- init',
  );
  expect(adminCommand('init', { DATA_DIR: "/srv/my data/it's", DB_NAME: 'w412' })).toBe(
    `DATA_DIR='/srv/my data/it'\\''s' DB_NAME=w412 npm run admin -- init`,
  );
});

it('never prints MONGODB_URI (it may hold a password), but says to set the same one', () => {
  const command = adminCommand('init', { MONGODB_URI: 'mongodb://app:s3cret@db:27017/' });
  expect(command).not.toContain('s3cret');
  expect(command).toBe('npm run admin -- init   (with the same MONGODB_URI as the server)');
});

it('ignores settings that are empty', () => {
  expect(adminCommand('init', { DATA_DIR: '', DB_NAME: '' })).toBe('npm run admin -- init');
});
