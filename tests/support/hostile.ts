import { MAX_ARMORED_KEY_CHARS, MAX_ARMORED_REPORT_CHARS } from '../../backend/src/features/reports/schemas';
import { hostileKeys, type HostileKey, type KeyPair } from './hostile-keys';
import { hostileMessages, type HostileMessage } from './hostile-messages';
import { seededRandom, unarmorBlock } from './openpgp-bytes';

export type { HostileKey, HostileMessage };

/**
 * The seed of the hostile corpus's random parts (truncation points, packet
 * soup, random octets). Tests print it in their names; rerun a failure with
 * `HOSTILE_SEED=<seed>`.
 */
export const HOSTILE_SEED = Number(process.env.HOSTILE_SEED ?? 4121);

export interface HostileCorpus {
  seed: number;
  messages: HostileMessage[];
  keys: HostileKey[];
}

/**
 * Hostile messages and keys built around one valid submission (a report and
 * a reporter key pair made by the product), each within the API's size
 * limits, so that what refuses them is the strict reader and not a length check.
 */
export async function buildHostileCorpus({
  armoredReport,
  reporterKey,
  reporterKeyPassphrase,
  seed = HOSTILE_SEED,
}: {
  armoredReport: string;
  reporterKey: KeyPair;
  reporterKeyPassphrase: string;
  seed?: number;
}): Promise<HostileCorpus> {
  const random = seededRandom(seed);
  const messages = await hostileMessages(await unarmorBlock(armoredReport), random);
  const keys = await hostileKeys(reporterKey, reporterKeyPassphrase, random);
  for (const m of messages) {
    if (m.armoredReport.length > MAX_ARMORED_REPORT_CHARS) throw new Error(`setup: "${m.name}" is over the size limit`);
  }
  for (const k of keys) {
    if (Math.max(k.armoredPublicKey.length, k.armoredPrivateKey.length) > MAX_ARMORED_KEY_CHARS) {
      throw new Error(`setup: "${k.name}" is over the key size limit`);
    }
  }
  return { seed, messages, keys };
}
