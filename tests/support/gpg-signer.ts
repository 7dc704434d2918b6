import { GpgHome } from './gpg';

/**
 * A gpg user with their own signing key, made by gpg in a throwaway home:
 * the sender of reports signed inside (`gpg --sign --encrypt`). The agency's
 * public key is imported so that they can encrypt to it.
 */
export class GpgSigner {
  readonly gpg = new GpgHome('');
  readonly fingerprint: string;
  readonly armoredPublicKey: string;

  constructor(userId: string, armoredAgencyKey: string) {
    this.gpg.importKey(armoredAgencyKey);
    const made = this.gpg.run([...this.unlock(), '--quick-gen-key', userId, 'ed25519', 'sign', 'never']);
    if (made.status !== 0) throw new Error(`gpg --quick-gen-key failed: ${made.stderr}`);
    const listed = this.gpg.run(['--with-colons', '--list-secret-keys']).stdout.toString('utf8');
    const fpr = /^fpr:{9}([0-9A-F]{40}):/m.exec(listed);
    if (!fpr) throw new Error(`no fingerprint in: ${listed}`);
    this.fingerprint = fpr[1]!.toLowerCase();
    this.armoredPublicKey = this.gpg.run(['--armor', '--export', this.fingerprint]).stdout.toString('utf8');
  }

  /** The key ID gpg prints for the signing key (the primary key here: ed25519, sign only). */
  get keyId(): string {
    return this.fingerprint.slice(-16);
  }

  private unlock(): string[] {
    return ['--pinentry-mode', 'loopback', '--passphrase', ''];
  }

  private gpgOut(args: string[], input: string | Buffer): Buffer {
    const result = this.gpg.run(
      [...this.unlock(), '--trust-model', 'always', '--local-user', this.fingerprint, ...args],
      input,
    );
    if (result.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** What a gpg user sends: signed with their key, then encrypted to the agency key, in one gpg run. */
  signAndEncrypt(plaintext: string, agencyFingerprint: string): string {
    return this.gpgOut(['--armor', '--recipient', agencyFingerprint, '--sign', '--encrypt'], plaintext).toString(
      'utf8',
    );
  }

  /** Clearsigned text (`gpg --clearsign`), which its author then encrypts separately. */
  clearsign(text: string): string {
    return this.gpgOut(['--clearsign'], text).toString('utf8');
  }

  /** A detached binary signature over `text` (`gpg --detach-sign`), to put beside other words in tests. */
  detachSign(text: string): Uint8Array {
    return new Uint8Array(this.gpgOut(['--detach-sign'], text));
  }

  remove(): void {
    this.gpg.remove();
  }
}
