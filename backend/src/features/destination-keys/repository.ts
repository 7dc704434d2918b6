import type { Connection } from 'mongoose';

import { destinationKeyModel, type DestinationKeyRecord } from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type DestinationKeyRepository = ReturnType<typeof destinationKeyRepository>;

/** Bounds the list (an agency registers a handful of receiving bodies). */
export const MAX_DESTINATION_KEYS = 100;

export function destinationKeyRepository(db: Connection) {
  const Keys = destinationKeyModel(db);
  return {
    list: () => Keys.find({}).limit(MAX_DESTINATION_KEYS).lean<DestinationKeyRecord[]>().exec(),

    count: () => Keys.countDocuments({}).exec(),

    find: (fingerprint: string) => Keys.findById(fingerprint).lean<DestinationKeyRecord>().exec(),

    /** False when a key with this fingerprint is already registered (the unique _id decides). */
    async insert(record: DestinationKeyRecord): Promise<boolean> {
      try {
        await Keys.collection.insertOne(record as never);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async remove(fingerprint: string): Promise<boolean> {
      return (await Keys.deleteOne({ _id: fingerprint }).exec()).deletedCount === 1;
    },
  };
}
