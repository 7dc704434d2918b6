import { readKey, readPrivateKey } from 'openpgp';

import { generateReporterKey, unlockPrivateKey } from '../../../crypto/src/keys';
import { reporterKeyDate, REPORTER_USER_ID } from '../../../crypto/src/profile';
import { checkReporterKey } from '../../../crypto/src/reporter-key';
import { makeReporterKey } from '../../support/hostile-keys';
import { unarmorBlock } from '../../support/openpgp-bytes';
import { finerThanHour, reporterKeyTimes } from '../../support/packet-times';

const PASSPHRASE = 'derived passphrase, 43 characters of base64url';

describe('generateReporterKey', () => {
  it('writes key creation and signature times cut to the hour, read back by OpenPGP.js', async () => {
    const before = reporterKeyDate().getTime() / 1000;
    const pair = await generateReporterKey({ passphrase: PASSPHRASE });
    const times = await reporterKeyTimes(pair);
    // Primary key, user ID self-certification, subkey and its binding, in both halves.
    expect(times).toHaveLength(8);
    expect(finerThanHour(times)).toEqual([]);
    expect(times.every((t) => t.seconds >= before && t.seconds <= before + 3600)).toBe(true);
  });

  it('protects the secret with the smallest iterated-and-salted S2K (count byte 0): the passphrase is already 256 random bits', async () => {
    const pair = await generateReporterKey({ passphrase: PASSPHRASE });
    const key = await readPrivateKey({ armoredKey: pair.armoredPrivateKey });
    for (const { keyPacket } of key.getKeys()) {
      const { s2k, s2kUsage } = keyPacket as unknown as { s2k: { type: string; c: number }; s2kUsage: number };
      expect([s2kUsage, s2k.type, s2k.c]).toEqual([254, 'iterated', 0]);
    }
    const unlocked = await unlockPrivateKey({ armoredPrivateKey: pair.armoredPrivateKey, passphrase: PASSPHRASE });
    expect(unlocked.isDecrypted()).toBe(true);
  });
});

describe('reporterKeyDate', () => {
  it.each([
    ['2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T10:59:59.999Z', '2026-11-25T10:00:00.000Z'],
    // Half-hour zones must not shift it: the cut is on the UTC hour.
    ['2026-11-25T16:29:00.000+05:30', '2026-11-25T10:00:00.000Z'],
  ])('cuts %s to %s', (now, hour) => {
    expect(reporterKeyDate(new Date(now)).toISOString()).toBe(hour);
  });
});

describe('checkReporterKey', () => {
  it('accepts the pair the product makes and returns it re-armored from exactly its packets', async () => {
    const pair = await generateReporterKey({ passphrase: PASSPHRASE });
    const checked = await checkReporterKey(pair);
    expect(checked.fingerprint).toBe(pair.fingerprint);
    for (const half of ['armoredPublicKey', 'armoredPrivateKey'] as const) {
      expect(Buffer.from(await unarmorBlock(checked[half])).equals(Buffer.from(await unarmorBlock(pair[half])))).toBe(
        true,
      );
      expect(checked[half]).toMatch(/^-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----\n\n/);
    }
    await expect(checkReporterKey(checked)).resolves.toEqual(checked);
  });

  it("names the encryption subkey by the key ID OpenPGP.js gives it, not the primary key's", async () => {
    const pair = await generateReporterKey({ passphrase: PASSPHRASE });
    const { encryptionKeyId, fingerprint } = await checkReporterKey(pair);
    const subkey = await (await readKey({ armoredKey: pair.armoredPublicKey })).getEncryptionKey();
    expect(encryptionKeyId).toBe(subkey.getKeyID().toHex());
    expect(encryptionKeyId).not.toBe(fingerprint.slice(-16));
  });

  it('drops armor comments and white space around the blocks from what it returns', async () => {
    const pair = await generateReporterKey({ passphrase: PASSPHRASE });
    const commented = {
      armoredPublicKey: `\n${pair.armoredPublicKey.replace('\n\n', '\nComment: Ivan Petrov\n\n')}\n\n`,
      armoredPrivateKey: pair.armoredPrivateKey.replace('\n\n', '\nVersion: Ivan 1.0\n\n'),
    };
    const checked = await checkReporterKey(commented);
    expect(JSON.stringify(checked)).not.toContain('Ivan');
    expect(checked).toEqual(await checkReporterKey(pair));
  });

  it('accepts a key protected with the old, larger S2K count (any count is gpg-readable)', async () => {
    const pair = await makeReporterKey({ config: { s2kIterationCountByte: 224 } });
    await expect(checkReporterKey(pair)).resolves.toHaveProperty('fingerprint');
  });

  it('refuses a user ID other than the fixed one, even one that differs by a space', async () => {
    const pair = await makeReporterKey({ userIDs: [{ name: `${REPORTER_USER_ID} ` }] });
    await expect(checkReporterKey(pair)).rejects.toMatchObject({
      code: 'invalid_key',
      message: expect.stringMatching(/user ID/),
    });
  });
  // Every other refusal is in the hostile corpus: tests/unit/crypto/hostile.test.ts and tests/api/hostile-reports.test.ts.
});
