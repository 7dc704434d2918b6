import { unarmor } from 'openpgp';

import { createCryptoApi } from '../../../crypto/src/api';
import { generateAgencyKey, unlockPrivateKey } from '../../../crypto/src/keys';
import { newReceipt } from '../../../crypto/src/receipt';
import { decryptThreadMessage } from '../../../crypto/src/thread-message';
import { encryptedCompressionBomb } from '../../support/compression-bomb';
import { finerThanHour, reportTimes } from '../../support/packet-times';
import { encryptToKeys } from '../../support/reports';

const PASSPHRASE = 'agency passphrase for unit tests';

/** A report's keys as a return visit has them: the agency's, and the reporter's made by the product from a receipt. */
async function setUp() {
  const agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
  const api = createCryptoApi();
  const { receipt, submission } = await api.sealReport({
    report: { whatHappened: 'x', agency: 'police' },
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });
  const agencyKey = await unlockPrivateKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
  const seal = (message: unknown) =>
    api.sealThreadMessage({
      message,
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
      armoredReporterKey: submission.reporterKey.armoredPublicKey,
    });
  return { api, agency, agencyKey, receipt, reporterKey: submission.reporterKey, seal };
}

describe('thread messages', () => {
  it.each([
    ['Russian', 'Когда это произошло? Сотрудник назвал сумму?'],
    ['Kazakh', 'Бұл қашан болды? Қызметкер соманы атады ма?'],
    ['emoji', '👮‍♂️💰 — вчера вечером'],
  ])('a message in %s opens with the agency key and with the reporter key the receipt unlocks', async (_, text) => {
    const { api, agencyKey, receipt, reporterKey, seal } = await setUp();
    const { armoredMessage } = await seal({ text });
    expect(armoredMessage).not.toContain(text);
    await expect(decryptThreadMessage({ armoredMessage, decryptionKey: agencyKey })).resolves.toEqual({
      status: 'ok',
      message: { text },
    });
    const { keyRef } = await api.unlockReporterKey({ receipt, armoredPrivateKey: reporterKey.armoredPrivateKey });
    await expect(api.decryptThreadMessage({ armoredMessage, keyRef })).resolves.toEqual({
      status: 'ok',
      message: { text },
    });
  });

  it('pads the plaintext, so a short and a longer message are the same size', async () => {
    const { seal } = await setUp();
    const short = await seal({ text: 'да' });
    const longer = await seal({ text: 'Сотрудник позвонил в 21:40 и назвал сумму. '.repeat(10) });
    const size = async (armored: string) => ((await unarmor(armored)).data as Uint8Array).length;
    expect(await size(short.armoredMessage)).toBe(await size(longer.armoredMessage));
  });

  it('pads a short message to the smallest bucket only, and never a field of the message that looks like padding', async () => {
    const { seal, agencyKey } = await setUp();
    const { armoredMessage } = await seal({ text: 'да', pad: '' });
    // 1 KiB of padded plaintext and the packets around it; the 64 KiB limit would be far larger.
    expect(((await unarmor(armoredMessage)).data as Uint8Array).length).toBeLessThan(2048);
    await expect(decryptThreadMessage({ armoredMessage, decryptionKey: agencyKey })).resolves.toEqual({
      status: 'ok',
      message: { text: 'да', pad: '' },
    });
  });

  it('reports, without throwing, a compressed message that would decompress past its limit', async () => {
    const { agency, agencyKey } = await setUp();
    const armoredMessage = await encryptedCompressionBomb(agency.armoredPublicKey);
    expect(armoredMessage.length).toBeLessThan(100_000);
    await expect(decryptThreadMessage({ armoredMessage, decryptionKey: agencyKey })).resolves.toEqual({
      status: 'failed',
      reason: 'corrupted',
    });
  });

  it('refuses to encrypt to a served agency key that is not the pinned one', async () => {
    const { api, reporterKey } = await setUp();
    const other = await generateAgencyKey({ agencyName: 'Other', passphrase: PASSPHRASE });
    const pinned = await generateAgencyKey({ agencyName: 'Pinned', passphrase: PASSPHRASE });
    await expect(
      api.sealThreadMessage({
        message: { text: 'x' },
        armoredAgencyKey: other.armoredPublicKey,
        pinnedAgencyFingerprint: pinned.fingerprint,
        armoredReporterKey: reporterKey.armoredPublicKey,
      }),
    ).rejects.toMatchObject({ code: 'agency_key_mismatch' });
  });

  it('refuses a message over the 64 KiB limit, and a reporter key that is private or no key', async () => {
    const { seal, reporterKey, agency, api } = await setUp();
    // An envelope of exactly the limit is accepted, one octet more refused.
    const bare = `{"envelope":"whistle412/message","v":1,"message":{"text":""},"pad":""}`.length;
    const exact = 'x'.repeat(64 * 1024 - bare);
    await expect(seal({ text: exact })).resolves.toHaveProperty('armoredMessage');
    await expect(seal({ text: `${exact}x` })).rejects.toMatchObject({
      code: 'report_too_large',
      message: 'The message is too long.',
    });
    for (const armoredReporterKey of [reporterKey.armoredPrivateKey, 'not a key']) {
      await expect(
        api.sealThreadMessage({
          message: { text: 'x' },
          armoredAgencyKey: agency.armoredPublicKey,
          pinnedAgencyFingerprint: agency.fingerprint,
          armoredReporterKey,
        }),
      ).rejects.toMatchObject({
        code: 'invalid_key',
        message: 'The reporter key of this report cannot be used for encryption.',
      });
    }
  });

  it('a wrong receipt does not unlock the reporter key', async () => {
    const { api, reporterKey } = await setUp();
    await expect(
      api.unlockReporterKey({ receipt: newReceipt(), armoredPrivateKey: reporterKey.armoredPrivateKey }),
    ).rejects.toMatchObject({ code: 'wrong_passphrase' });
  });

  it('carries no time finer than the hour in its packets', async () => {
    const { agencyKey, seal } = await setUp();
    const { armoredMessage } = await seal({ text: 'когда?' });
    const times = await reportTimes(armoredMessage, agencyKey);
    expect(times.length).toBeGreaterThan(0);
    expect(finerThanHour(times)).toEqual([]);
  });

  it('failure is a result: another key, damaged ciphertext, or text that is not a message envelope', async () => {
    const { agencyKey, agency, seal } = await setUp();
    const stranger = await generateAgencyKey({ agencyName: 'Stranger', passphrase: PASSPHRASE });
    const notOurs = await encryptToKeys('hello', [stranger.armoredPublicKey]);
    await expect(decryptThreadMessage({ armoredMessage: notOurs, decryptionKey: agencyKey })).resolves.toEqual({
      status: 'failed',
      reason: 'not_for_this_key',
    });
    const plain = await encryptToKeys('just text', [agency.armoredPublicKey]);
    await expect(decryptThreadMessage({ armoredMessage: plain, decryptionKey: agencyKey })).resolves.toEqual({
      status: 'failed',
      reason: 'unknown_envelope',
    });
    for (const other of [
      { envelope: 'whistle412/report', v: 1, message: { text: 'x' } },
      { envelope: 'whistle412/message', v: 2, message: { text: 'x' } },
      { envelope: 'whistle412/message', v: 1, text: 'x' },
    ]) {
      const armored = await encryptToKeys(JSON.stringify(other), [agency.armoredPublicKey]);
      await expect(decryptThreadMessage({ armoredMessage: armored, decryptionKey: agencyKey })).resolves.toEqual({
        status: 'failed',
        reason: 'unknown_envelope',
      });
    }
    const { armoredMessage } = await seal({ text: 'x' });
    const lines = armoredMessage.split('\n');
    // A line inside the encrypted data (the session key packets come first).
    const inData = lines.length - 4;
    lines[inData] = lines[inData]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(
      decryptThreadMessage({ armoredMessage: lines.join('\n'), decryptionKey: agencyKey }),
    ).resolves.toMatchObject({ status: 'failed' });
  });
});
