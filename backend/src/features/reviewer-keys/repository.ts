import type { Connection } from 'mongoose';

import { reviewerKeyModel, type CertificationRecord, type ReviewerKeyRecord } from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type ReviewerKeyRepository = ReturnType<typeof reviewerKeyRepository>;

export function reviewerKeyRepository(db: Connection) {
  const Keys = reviewerKeyModel(db);
  return {
    find: (username: string) => Keys.findById(username).lean<ReviewerKeyRecord>().exec(),

    /** Every reviewer key: one per reviewer, a handful to a few hundred. */
    list: () => Keys.find().sort({ _id: 1 }).lean<ReviewerKeyRecord[]>().exec(),

    /** False when the reviewer has a key already, or this key is stored for another reviewer (an insert: one winner). */
    async insert(record: ReviewerKeyRecord): Promise<boolean> {
      try {
        await Keys.create(record);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Stores a certification, for the key with this fingerprint only (false if the key changed meanwhile). */
    certify: async (_id: string, fingerprint: string, certification: CertificationRecord) =>
      (await Keys.findOneAndUpdate({ _id, fingerprint }, { $set: { certification } }).lean().exec()) !== null,
  };
}
