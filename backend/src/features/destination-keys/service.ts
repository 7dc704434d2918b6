import type { Clock } from '../../clock';
import { checkDestinationKey, isCryptoError } from '../../crypto';
import { destinationKeyErrors } from './errors';
import type { DestinationKeyRecord } from './model';
import { MAX_DESTINATION_KEYS, type DestinationKeyRepository } from './repository';
import type { AddDestinationKeyBody } from './schemas';

export type DestinationKeyService = ReturnType<typeof destinationKeyService>;

export interface DestinationKeyView {
  fingerprint: string;
  name: string;
  userId: string;
  armoredPublicKey: string;
  createdAt: Date;
  createdBy: string;
}

const view = (record: DestinationKeyRecord): DestinationKeyView => ({
  fingerprint: record._id,
  name: record.name,
  userId: record.userId,
  armoredPublicKey: record.armoredPublicKey,
  createdAt: record.createdAt,
  createdBy: record.createdBy,
});

export function destinationKeyService({ repository, clock }: { repository: DestinationKeyRepository; clock: Clock }) {
  return {
    async list(): Promise<DestinationKeyView[]> {
      const keys = await repository.list();
      return keys.sort((a, b) => a.name.localeCompare(b.name)).map(view);
    },

    async get(fingerprint: string): Promise<DestinationKeyView> {
      const key = await repository.find(fingerprint);
      if (!key) throw destinationKeyErrors.notFound();
      return view(key);
    },

    /** Checks the key strictly (crypto/src/destination-key.ts) and stores it re-armored. */
    async add({ name, armoredPublicKey }: AddDestinationKeyBody, actor: string): Promise<DestinationKeyView> {
      let checked;
      try {
        checked = await checkDestinationKey({ armoredKey: armoredPublicKey });
      } catch (error) {
        if (isCryptoError(error)) throw destinationKeyErrors.invalidKey(error.message);
        throw error;
      }
      if ((await repository.count()) >= MAX_DESTINATION_KEYS) throw destinationKeyErrors.tooMany(MAX_DESTINATION_KEYS);
      const record: DestinationKeyRecord = {
        _id: checked.fingerprint,
        name,
        userId: checked.userId,
        armoredPublicKey: checked.armoredPublicKey,
        createdAt: clock.now(),
        createdBy: actor,
      };
      if (!(await repository.insert(record))) throw destinationKeyErrors.exists();
      return view(record);
    },

    async remove(fingerprint: string): Promise<void> {
      if (!(await repository.remove(fingerprint))) throw destinationKeyErrors.notFound();
    },
  };
}
