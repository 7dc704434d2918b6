import { armor, createMessage, encrypt, enums, readKey, readMessage, unarmor } from 'openpgp';

import { generateAgencyKey, generateReporterKey, unlockPrivateKey } from '../../../crypto/src/keys';
import { decryptReport, encryptReport, MAX_REPORT_PLAINTEXT_BYTES, sealEnvelope } from '../../../crypto/src/report';
import { readReporterPublicKey } from '../../../crypto/src/thread-message';
import { encryptedCompressionBomb } from '../../support/compression-bomb';
import { reportTimes } from '../../support/packet-times';
import { encryptToKeys, strangerKey } from '../../support/reports';

const PASSPHRASE = 'agency passphrase for unit tests';

async function agency() {
  const key = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
  const decryptionKey = await unlockPrivateKey({ armoredPrivateKey: key.armoredPrivateKey, passphrase: PASSPHRASE });
  return { ...key, decryptionKey };
}

const UNICODE_REPORTS = [
  ['Latin', 'The officer asked for 500 000 tenge to close the case.'],
  ['Russian', 'Сотрудник предложил «закрыть дело» за 500 000 тенге.'],
  ['Kazakh', 'Қызметкер істі жабу үшін ақша сұрады: әңгіме Өскеменде болды, ұялы телефонға жазылды.'],
  ['emoji and mixed scripts', 'Он сказал: 👮‍♂️💰 → 🚔. Әріптесі де болды.'],
];

describe('encryptReport / decryptReport', () => {
  it.each(UNICODE_REPORTS)('round-trips a report written in %s', async (_script, text) => {
    const { armoredPublicKey, fingerprint, decryptionKey } = await agency();
    const report = { whatHappened: text, agency: 'police' };
    const { armoredReport } = await encryptReport({
      report,
      armoredAgencyKey: armoredPublicKey,
      pinnedAgencyFingerprint: fingerprint,
    });
    expect(armoredReport).not.toContain(text);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({
      status: 'ok',
      envelopeVersion: 2,
      report,
    });
  });

  it("with the submission's reporter key, both the agency and that key read it, and it names no other key", async () => {
    const { armoredPublicKey, fingerprint, decryptionKey } = await agency();
    const reporter = await generateReporterKey({ passphrase: 'reporter passphrase' });
    const reporterPrivate = await unlockPrivateKey({
      armoredPrivateKey: reporter.armoredPrivateKey,
      passphrase: 'reporter passphrase',
    });
    const report = { whatHappened: 'Ақша сұрады', agency: 'police' };
    const { armoredReport } = await encryptReport({
      report,
      armoredAgencyKey: armoredPublicKey,
      pinnedAgencyFingerprint: fingerprint,
      reporterKey: await readReporterPublicKey(reporter.armoredPublicKey),
    });
    const recipients = (await readMessage({ armoredMessage: armoredReport }))
      .getEncryptionKeyIDs()
      .map((id) => id.toHex())
      .sort();
    expect(recipients).toEqual(
      [decryptionKey.subkeys[0]!.getKeyID().toHex(), reporterPrivate.subkeys[0]!.getKeyID().toHex()].sort(),
    );
    for (const key of [decryptionKey, reporterPrivate]) {
      await expect(decryptReport({ armoredReport, decryptionKey: key })).resolves.toEqual({
        status: 'ok',
        envelopeVersion: 2,
        report,
      });
    }
  });

  it('refuses to encrypt when the served key is not the pinned one, and names both fingerprints', async () => {
    const served = await agency();
    const pinned = await agency();
    const attempt = encryptReport({
      report: { whatHappened: 'x' },
      armoredAgencyKey: served.armoredPublicKey,
      pinnedAgencyFingerprint: pinned.fingerprint,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'agency_key_mismatch' });
    await expect(attempt).rejects.toThrow(served.fingerprint.slice(0, 4).toUpperCase());
  });

  it('accepts the pinned fingerprint as people write it (spaces, upper case)', async () => {
    const { armoredPublicKey, fingerprint } = await agency();
    const spaced = fingerprint.toUpperCase().replace(/(.{4})/g, '$1 ');
    await expect(
      encryptReport({ report: {}, armoredAgencyKey: armoredPublicKey, pinnedAgencyFingerprint: spaced }),
    ).resolves.toHaveProperty('armoredReport');
  });

  it('writes the gpg-readable format: PKESK to the agency subkey, then SEIPD version 1, no compression', async () => {
    const { armoredPublicKey, fingerprint, decryptionKey } = await agency();
    const { armoredReport } = await encryptReport({
      report: { a: 1 },
      armoredAgencyKey: armoredPublicKey,
      pinnedAgencyFingerprint: fingerprint,
    });
    const message = await readMessage({ armoredMessage: armoredReport });
    const tags = Array.from(message.packets, (p) => (p.constructor as unknown as { tag: number }).tag);
    expect(tags).toEqual([enums.packet.publicKeyEncryptedSessionKey, enums.packet.symEncryptedIntegrityProtectedData]);
    expect((message.packets[1] as unknown as { version: number }).version).toBe(1);
    const subkeyId = decryptionKey.subkeys[0]!.getKeyID().toHex();
    expect(message.getEncryptionKeyIDs().map((id) => id.toHex())).toEqual([subkeyId]);
    const decrypted = await message.decrypt([decryptionKey]);
    expect(Array.from(decrypted.packets, (p) => (p.constructor as unknown as { tag: number }).tag)).toEqual([
      enums.packet.literalData,
    ]);
  });

  it('dates the literal-data packet at the fixed epoch (0): no reviewer learns when the report was written', async () => {
    const { armoredPublicKey, fingerprint, decryptionKey } = await agency();
    const { armoredReport } = await encryptReport({
      report: { a: 1 },
      armoredAgencyKey: armoredPublicKey,
      pinnedAgencyFingerprint: fingerprint,
    });
    expect(await reportTimes(armoredReport, decryptionKey)).toEqual([{ where: 'literal data (depth 0)', seconds: 0 }]);
  });

  it('pads: reports of different lengths in one bucket give ciphertexts of the same length', async () => {
    const { armoredPublicKey, fingerprint } = await agency();
    const lengths = await Promise.all(
      ['short', 'a somewhat longer report about what the officer said', 'б'.repeat(300)].map(async (text) => {
        const { armoredReport } = await encryptReport({
          report: { whatHappened: text },
          armoredAgencyKey: armoredPublicKey,
          pinnedAgencyFingerprint: fingerprint,
        });
        return armoredReport.length;
      }),
    );
    expect(new Set(lengths).size).toBe(1);
  });

  it('accepts an envelope of exactly the plaintext limit, and pads a short one to its bucket only', () => {
    const envelope = (report: unknown) => new TextDecoder().decode(sealEnvelope(report));
    const bare = (text: string) => `{"envelope":"whistle412/report","v":2,"report":"${text}","pad":""}`.length;
    const exact = 'x'.repeat(MAX_REPORT_PLAINTEXT_BYTES - bare(''));
    expect(bare(exact)).toBe(MAX_REPORT_PLAINTEXT_BYTES);
    expect(sealEnvelope(exact)).toHaveLength(MAX_REPORT_PLAINTEXT_BYTES);
    expect(() => sealEnvelope(`${exact}x`)).toThrow(expect.objectContaining({ code: 'report_too_large' }));
    // A short report fills the smallest bucket (1 KiB), not the limit.
    expect(sealEnvelope('short')).toHaveLength(1024);
    expect(JSON.parse(envelope('short'))).toEqual({
      envelope: 'whistle412/report',
      v: 2,
      report: 'short',
      pad: ' '.repeat(1024 - bare('short')),
    });
  });

  it('pads the envelope, never a field of the report that looks like its padding', () => {
    const opened = JSON.parse(new TextDecoder().decode(sealEnvelope({ pad: '' })));
    expect(opened.report).toEqual({ pad: '' });
    expect(opened.pad).toMatch(/^ +$/);
  });

  it('refuses a report larger than the plaintext limit', () => {
    expect(() => sealEnvelope({ whatHappened: 'x'.repeat(MAX_REPORT_PLAINTEXT_BYTES) })).toThrow(
      expect.objectContaining({ code: 'report_too_large' }),
    );
  });

  it('opens a report encrypted to more keys than the one it holds (the agency and its reviewers)', async () => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const armoredReport = await encryptToKeys('typed by hand', [armoredPublicKey, await strangerKey()]);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({
      status: 'plaintext',
      text: 'typed by hand',
    });
  });

  it('reports a signed report of an unknown envelope version as failed, with no signatures beside it', async () => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const text = JSON.stringify({ envelope: 'whistle412/report', v: 99, report: {} });
    const armoredReport = await encrypt({
      message: await createMessage({ text }),
      encryptionKeys: await readKey({ armoredKey: armoredPublicKey }),
      signingKeys: decryptionKey,
    });
    await expect(decryptReport({ armoredReport, decryptionKey, verificationKeys: [decryptionKey] })).resolves.toEqual({
      status: 'failed',
      reason: 'unknown_envelope',
    });
  });

  it('reports, without throwing, a compressed report that would decompress past its limit', async () => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const armoredReport = await encryptedCompressionBomb(armoredPublicKey);
    expect(armoredReport.length).toBeLessThan(100_000);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({
      status: 'failed',
      reason: 'corrupted',
    });
  });

  it('reports, without throwing, a ciphertext for another key', async () => {
    const sender = await agency();
    const other = await agency();
    const { armoredReport } = await encryptReport({
      report: {},
      armoredAgencyKey: sender.armoredPublicKey,
      pinnedAgencyFingerprint: sender.fingerprint,
    });
    await expect(decryptReport({ armoredReport, decryptionKey: other.decryptionKey })).resolves.toEqual({
      status: 'failed',
      reason: 'not_for_this_key',
    });
  });

  it('reports, without throwing, a damaged ciphertext', async () => {
    const { armoredPublicKey, fingerprint, decryptionKey } = await agency();
    const { armoredReport } = await encryptReport({
      report: { a: 1 },
      armoredAgencyKey: armoredPublicKey,
      pinnedAgencyFingerprint: fingerprint,
    });
    const { data } = (await unarmor(armoredReport)) as { data: Uint8Array };
    data[data.length - 30]! ^= 0xff;
    const damaged = armor(enums.armor.message, data);
    await expect(decryptReport({ armoredReport: damaged, decryptionKey })).resolves.toEqual({
      status: 'failed',
      reason: 'corrupted',
    });
  });

  it('returns text that is not a Whistle412 envelope as plain text (a report typed and encrypted with gpg)', async () => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const armoredReport = await encryptToKeys('Инспектор потребовал деньги.', [armoredPublicKey]);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({
      status: 'plaintext',
      text: 'Инспектор потребовал деньги.',
    });
  });

  it.each([
    ['JSON of another kind', '{"case":"412-1","amount":500000}'],
    ['another envelope', '{"envelope":"other/report","v":2,"report":{}}'],
    ['a JSON string', '"Инспектор потребовал деньги."'],
    ['JSON null', 'null'],
  ])('returns %s as plain text, not as an envelope', async (_what, text) => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const armoredReport = await encryptToKeys(text, [armoredPublicKey]);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({ status: 'plaintext', text });
  });

  it('reports, without throwing, content that is not text at all', async () => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const armoredReport = await encryptToKeys(new Uint8Array([0xff, 0xfe, 0x00, 0xc3]), [armoredPublicKey]);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({
      status: 'failed',
      reason: 'unknown_envelope',
    });
  });

  it.each([
    ['version 1, as the first form (and gpg users) wrote it', 1, 'ok'],
    ['version 2, the structured report', 2, 'ok'],
  ] as const)('opens an envelope of %s', async (_name, v, status) => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const report = { whatHappened: 'Инспектор потребовал деньги.', agency: 'police' };
    const armoredReport = await encryptToKeys(JSON.stringify({ envelope: 'whistle412/report', v, report }), [
      armoredPublicKey,
    ]);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({
      status,
      envelopeVersion: v,
      report,
    });
  });

  it.each([
    ['a version this reader does not know', { envelope: 'whistle412/report', v: 3, report: {} }],
    ['no version', { envelope: 'whistle412/report', report: {} }],
    ['no report', { envelope: 'whistle412/report', v: 2 }],
  ])('marks an envelope with %s as unknown, not as plain text', async (_name, envelope) => {
    const { armoredPublicKey, decryptionKey } = await agency();
    const armoredReport = await encryptToKeys(JSON.stringify(envelope), [armoredPublicKey]);
    await expect(decryptReport({ armoredReport, decryptionKey })).resolves.toEqual({
      status: 'failed',
      reason: 'unknown_envelope',
    });
  });
});
