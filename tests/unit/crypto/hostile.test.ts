import { nativeKeyPrimitives } from '../../../backend/src/native-key-primitives';
import { checkReporterKey, webCryptoKeyPrimitives } from '../../../crypto/src/reporter-key';
import { inspectEncryptedMessage } from '../../../crypto/src/inspect';
import { generateAgencyKey, generateReporterKey } from '../../../crypto/src/keys';
import { encryptReport } from '../../../crypto/src/report';
import { buildHostileCorpus, HOSTILE_SEED, type HostileCorpus } from '../../support/hostile';

/**
 * The strict reader against the hostile corpus, without a server: each
 * message and key is refused with the code and the words the API will send.
 * (tests/api/hostile-reports.test.ts sends the same corpus through HTTP.)
 */
const PASSPHRASE = 'reporter passphrase, hostile unit tests';
let corpus: HostileCorpus;

beforeAll(async () => {
  const agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: 'agency passphrase' });
  const { armoredReport } = await encryptReport({
    report: { whatHappened: 'base report' },
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });
  const reporterKey = await generateReporterKey({ passphrase: PASSPHRASE });
  corpus = await buildHostileCorpus({ armoredReport, reporterKey, reporterKeyPassphrase: PASSPHRASE });
});

describe(`hostile corpus (seed ${HOSTILE_SEED}; rerun with HOSTILE_SEED=${HOSTILE_SEED})`, () => {
  it('holds at least 40 hostile messages and keys', () => {
    expect(corpus.messages.length + corpus.keys.length).toBeGreaterThanOrEqual(40);
  });

  it('every hostile message is refused with the code and words expected', () => {
    const outcomes = corpus.messages.map(({ name, armoredReport, code, names }) => {
      try {
        inspectEncryptedMessage({ armoredMessage: armoredReport });
        return { name, refused: 'accepted' };
      } catch (error) {
        const { code: got, message } = error as { code?: string; message: string };
        const codeOk = Array.isArray(code) ? code.includes(got ?? '') : got === code;
        const wordsOk = !names || names.test(message);
        return { name, refused: codeOk && wordsOk ? 'as expected' : `${got}: ${message}` };
      }
    });
    expect(outcomes.filter((o) => o.refused !== 'as expected')).toEqual([]);
  });

  // The server verifies the keys' signatures with Node's native crypto; anything else may use WebCrypto.
  it.each([
    ['Node native crypto', nativeKeyPrimitives],
    ['WebCrypto', webCryptoKeyPrimitives],
  ])(
    'every hostile reporter key is refused as invalid, naming why (signatures checked with %s)',
    async (_name, primitives) => {
      const outcomes = await Promise.all(
        corpus.keys.map(async ({ name, armoredPublicKey, armoredPrivateKey, names }) => {
          try {
            await checkReporterKey({ armoredPublicKey, armoredPrivateKey }, primitives);
            return { name, refused: 'accepted' };
          } catch (error) {
            const { code, message } = error as { code?: string; message: string };
            const ok = code === 'invalid_key' && (!names || names.test(message));
            return { name, refused: ok ? 'as expected' : `${code}: ${message}` };
          }
        }),
      );
      expect(outcomes.filter((o) => o.refused !== 'as expected')).toEqual([]);
    },
  );
});
