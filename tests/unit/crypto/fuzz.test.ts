import { inspectEncryptedMessage } from '../../../crypto/src/inspect';
import { generateAgencyKey, generateReporterKey } from '../../../crypto/src/keys';
import { encryptReport } from '../../../crypto/src/report';
import { nativeKeyPrimitives } from '../../../backend/src/native-key-primitives';
import { checkReporterKey } from '../../../crypto/src/reporter-key';
import { ANY_REFUSAL } from '../../support/hostile-messages';
import { armorBlock, seededRandom, unarmorBlock, type SeededRandom } from '../../support/openpgp-bytes';

/**
 * Mutations of valid input (bit flips, inserted, deleted and overwritten
 * octets, truncation), re-armored with a correct checksum so they reach the
 * packet reader: every outcome is an acceptance or a refusal with one of the
 * codes the API maps to a 4xx, never another exception (which would be a 500).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 41203);
const ROUNDS = 1500;

function mutate(bytes: Uint8Array, random: SeededRandom): Uint8Array {
  const copy = Array.from(bytes);
  for (let n = random.int(1, 4); n > 0; n--) {
    const at = random.int(0, Math.max(0, copy.length - 1));
    switch (random.int(0, 4)) {
      case 0:
        copy[at] = copy[at]! ^ (1 << random.int(0, 7));
        break;
      case 1:
        copy.splice(at, 0, random.int(0, 255));
        break;
      case 2:
        copy.splice(at, random.int(1, 8));
        break;
      case 3:
        copy[at] = random.int(0, 255);
        break;
      default:
        copy.length = at;
    }
  }
  return Uint8Array.from(copy);
}

describe(`mutation fuzzing of the strict reader (seed ${SEED}; rerun with FUZZ_SEED=${SEED})`, () => {
  let message: Uint8Array;
  let publicKey: Uint8Array;
  let privateKey: Uint8Array;
  let pair: { armoredPublicKey: string; armoredPrivateKey: string };
  beforeAll(async () => {
    const agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: 'agency passphrase' });
    const { armoredReport } = await encryptReport({
      report: { whatHappened: 'fuzz' },
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
    });
    message = await unarmorBlock(armoredReport);
    pair = await generateReporterKey({ passphrase: 'fuzz passphrase' });
    publicKey = await unarmorBlock(pair.armoredPublicKey);
    privateKey = await unarmorBlock(pair.armoredPrivateKey);
  });

  it(`${ROUNDS} mutated messages: each accepted or refused with a known code`, () => {
    const random = seededRandom(SEED);
    const unexpected: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const mutated = mutate(message, random);
      try {
        inspectEncryptedMessage({ armoredMessage: armorBlock('message', mutated) });
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (!ANY_REFUSAL.includes(code))
          unexpected.push(`#${i} ${Buffer.from(mutated).toString('hex')}: ${String(error)}`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  it(`${ROUNDS / 3} mutated key pairs: each accepted or refused as invalid_key`, async () => {
    const random = seededRandom(SEED + 1);
    const unexpected: string[] = [];
    for (let i = 0; i < ROUNDS / 3; i++) {
      const mutatePublic = random.next() < 0.5;
      const half = mutate(mutatePublic ? publicKey : privateKey, random);
      const input = mutatePublic
        ? { ...pair, armoredPublicKey: armorBlock('publicKey', half) }
        : { ...pair, armoredPrivateKey: armorBlock('privateKey', half) };
      try {
        // With the server's primitives: what the submission path runs.
        await checkReporterKey(input, nativeKeyPrimitives);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== 'invalid_key') unexpected.push(`#${i} ${Buffer.from(half).toString('hex')}: ${String(error)}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
