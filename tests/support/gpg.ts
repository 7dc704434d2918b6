import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway GnuPG home with the agency key imported: the independent reader of what the product stores. */
export class GpgHome {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'w412-gnupg-'));

  constructor(private readonly passphrase: string) {}

  run(args: string[], input?: string | Buffer): { status: number | null; stdout: Buffer; stderr: string } {
    const result = spawnSync('gpg', ['--homedir', this.dir, '--batch', '--no-tty', '--quiet', ...args], {
      input,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
  }

  importKey(armoredKey: string): void {
    const file = path.join(this.dir, 'import.asc');
    writeFileSync(file, armoredKey);
    const result = this.run(['--pinentry-mode', 'loopback', '--passphrase', this.passphrase, '--import', file]);
    if (result.status !== 0) throw new Error(`gpg --import failed: ${result.stderr}`);
  }

  /** An armored or binary message (a stored file segment is binary). */
  decrypt(message: string | Buffer) {
    return this.run(['--pinentry-mode', 'loopback', '--passphrase', this.passphrase, '--decrypt'], message);
  }

  encrypt(plaintext: string, recipients: string[], extra: string[] = []): string {
    const args = ['--armor', '--trust-model', 'always', ...recipients.flatMap((r) => ['--recipient', r]), ...extra];
    const result = this.run([...args, '--encrypt'], plaintext);
    if (result.status !== 0) throw new Error(`gpg --encrypt failed: ${result.stderr}`);
    return result.stdout.toString('utf8');
  }

  /** The packet dump gpg prints, for checking what format a message has. */
  listPackets(armoredMessage: string): string {
    return this.run(
      ['--list-packets', '--pinentry-mode', 'loopback', '--passphrase', this.passphrase],
      armoredMessage,
    ).stdout.toString('utf8');
  }

  remove(): void {
    spawnSync('gpgconf', ['--homedir', this.dir, '--kill', 'gpg-agent']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function gpgVersion(): string {
  return execFileSync('gpg', ['--version']).toString('utf8').split('\n')[0] ?? '';
}
