import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The server's own key for what it must be able to read back but should not
 * keep in the clear in the database: reviewers' TOTP secrets (sealed with
 * AES-256-GCM) and the keyed hash of usernames nobody has. It lives in a file
 * (mode 0600) beside the data, not in the database, so a copy of the database
 * or a backup of it alone yields no TOTP secret (docs/threat-model.md).
 * Several server instances must share the file (SECOND_FACTOR_KEY_FILE).
 */
export interface SecretBox {
  /** Encrypts `plaintext`, bound to `context` (a different context cannot open it). */
  seal(plaintext: string, context: string): string;
  /** Null when the sealed text is damaged, for another context, or sealed with another key. */
  open(sealed: string, context: string): string | null;
  /** A keyed hash, hex: equal inputs match, but the input cannot be recovered or guessed without the key. */
  mac(text: string): string;
}

const VERSION = 'v1';
const KEY_BYTES = 32;

/** Reads the key file, creating it (atomically, so two processes starting at once agree) when missing. */
export function loadServerKey(file: string): Buffer {
  try {
    return parseKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // A link either creates the file whole or fails because another process made it first.
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return parseKey(readFileSync(file, 'utf8'), file);
}

function parseKey(text: string, file: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} is not a server key (64 hex digits)`);
  return Buffer.from(hex, 'hex');
}

export function secretBox(key: Buffer): SecretBox {
  const sealKey = createHmac('sha256', key).update('seal').digest();
  const macKey = createHmac('sha256', key).update('mac').digest();
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, data, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [version, iv, data, tag] = sealed.split('.');
      if (version !== VERSION || !iv || data === undefined || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
    mac: (text) => createHmac('sha256', macKey).update(text, 'utf8').digest('hex'),
  };
}

/** The box for a key file, read at first use (so building the app touches no file). */
export function lazySecretBox(file: string): SecretBox {
  let box: SecretBox | null = null;
  const get = () => (box ??= secretBox(loadServerKey(file)));
  return {
    seal: (plaintext, context) => get().seal(plaintext, context),
    open: (sealed, context) => get().open(sealed, context),
    mac: (text) => get().mac(text),
  };
}
