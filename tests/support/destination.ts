import { GpgHome } from './gpg';

/**
 * A receiving body's key pair made by gpg itself (as a prosecutor's office
 * would make it), in a throwaway home: the armored public key an
 * administrator registers, and the home that holds the secret key.
 */
export function gpgDestination(name = 'Prosecutor test office <office@example.kz>') {
  const home = new GpgHome('');
  const made = home.run([
    '--pinentry-mode',
    'loopback',
    '--passphrase',
    '',
    '--quick-gen-key',
    name,
    'future-default',
    'default',
    'never',
  ]);
  if (made.status !== 0) throw new Error(`gpg --quick-gen-key failed: ${made.stderr}`);
  const exported = home.run(['--armor', '--export', name]);
  const listed = home.run(['--with-colons', '--fingerprint', name]).stdout.toString('utf8');
  const fingerprint = /^fpr:{9}([0-9A-F]{40}):/m.exec(listed)![1]!.toLowerCase();
  return { home, armoredPublicKey: exported.stdout.toString('utf8'), fingerprint };
}
