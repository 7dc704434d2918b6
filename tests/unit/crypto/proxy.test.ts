import { MessageChannel, type MessagePort } from 'node:worker_threads';

import { readKey } from 'openpgp';

import { createCryptoApi } from '../../../crypto/src/api';
import { generateAgencyKey } from '../../../crypto/src/keys';
import {
  CryptoProxy,
  inThreadEndpoint,
  setCryptoEndpoint,
  workerEndpoint,
  type CryptoEndpoint,
  type WorkerLike,
} from '../../../crypto/src/proxy';
import { deriveReceiptSecrets } from '../../../crypto/src/receipt';
import { unlockPrivateKey } from '../../../crypto/src/keys';
import { checkReporterKey } from '../../../crypto/src/reporter-key';
import { serveCryptoApi, type CryptoPort } from '../../../crypto/src/serve';

const PASSPHRASE = 'agency passphrase for unit tests';
const ports: MessagePort[] = [];

/** The worker's message protocol over a real MessageChannel: what crosses it must be plain, cloneable data. */
function channelEndpoint(): CryptoEndpoint {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  serveCryptoApi(port1 as unknown as CryptoPort);
  return workerEndpoint(port2 as unknown as WorkerLike);
}

afterAll(() => ports.forEach((p) => p.close()));

/** One contract, every endpoint (STYLE.md tests/2): the browser's worker runs the same serveCryptoApi. */
describe.each([
  ['in-thread', () => inThreadEndpoint(createCryptoApi())],
  ['message channel', channelEndpoint],
])('CryptoProxy over the %s endpoint', (_name, makeEndpoint) => {
  let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
  beforeAll(async () => {
    agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
    setCryptoEndpoint(makeEndpoint());
  });

  it('seals a report the agency can open, with a receipt whose secrets unlock the stored reporter key', async () => {
    const report = { whatHappened: 'Полицейский потребовал деньги', agency: 'police' };
    const { receipt, submission } = await CryptoProxy.sealReport({
      report,
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
    });
    const { receiptLookup, reporterKeyPassphrase } = await deriveReceiptSecrets(receipt);
    expect(submission.receiptLookup).toBe(receiptLookup);
    await checkReporterKey(submission.reporterKey);
    const reporterKey = await unlockPrivateKey({
      armoredPrivateKey: submission.reporterKey.armoredPrivateKey,
      passphrase: reporterKeyPassphrase,
    });
    expect(reporterKey.isDecrypted()).toBe(true);
    expect(reporterKey.toPublic().armor()).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect(reporterKey.getFingerprint()).toBe(
      (await readKey({ armoredKey: submission.reporterKey.armoredPublicKey })).getFingerprint(),
    );

    const { keyRef, fingerprint } = await CryptoProxy.unlockKey({
      armoredPrivateKey: agency.armoredPrivateKey,
      passphrase: PASSPHRASE,
    });
    expect(fingerprint).toBe(agency.fingerprint);
    await expect(CryptoProxy.decryptReport({ armoredReport: submission.armoredReport, keyRef })).resolves.toEqual({
      status: 'ok',
      envelopeVersion: 2,
      report,
    });
  });

  it('carries the error code of a refused seal across the boundary', async () => {
    const other = await generateAgencyKey({ agencyName: 'Other', passphrase: PASSPHRASE });
    await expect(
      CryptoProxy.sealReport({
        report: {},
        armoredAgencyKey: other.armoredPublicKey,
        pinnedAgencyFingerprint: agency.fingerprint,
      }),
    ).rejects.toMatchObject({ name: 'CryptoError', code: 'agency_key_mismatch' });
  });

  it('refuses to unlock a key that is not the expected agency key', async () => {
    const other = await generateAgencyKey({ agencyName: 'Other', passphrase: PASSPHRASE });
    await expect(
      CryptoProxy.unlockKey({
        armoredPrivateKey: other.armoredPrivateKey,
        passphrase: PASSPHRASE,
        expectedFingerprint: agency.fingerprint,
      }),
    ).rejects.toMatchObject({ code: 'agency_key_mismatch' });
  });

  it('forgets unlocked keys when the key store is cleared', async () => {
    const { keyRef } = await CryptoProxy.unlockKey({
      armoredPrivateKey: agency.armoredPrivateKey,
      passphrase: PASSPHRASE,
    });
    await CryptoProxy.clearKeyStore();
    await expect(CryptoProxy.decryptReport({ armoredReport: 'x', keyRef })).rejects.toMatchObject({
      code: 'unknown_key_ref',
    });
  });

  it('returns references, never key material', async () => {
    const unlocked = await CryptoProxy.unlockKey({
      armoredPrivateKey: agency.armoredPrivateKey,
      passphrase: PASSPHRASE,
    });
    expect(Object.keys(unlocked).sort()).toEqual(['fingerprint', 'keyRef']);
    expect(JSON.stringify(unlocked)).not.toContain('PRIVATE');
  });
});
