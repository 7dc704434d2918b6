import type { Connection } from 'mongoose';

import { agencyKeyModel, type AgencyKeyRecord } from './model';

export type AgencyKeyRepository = ReturnType<typeof agencyKeyRepository>;

export function agencyKeyRepository(db: Connection) {
  const AgencyKeys = agencyKeyModel(db);
  return {
    async current(): Promise<AgencyKeyRecord | null> {
      return AgencyKeys.findOne({ retiredAt: null }).sort({ createdAt: -1 }).lean<AgencyKeyRecord>().exec();
    },

    /**
     * Makes `key` the current agency key. The new key is written before the
     * old ones are retired, so a crash in between leaves two current keys
     * (the newest wins) rather than none.
     */
    async install(key: Omit<AgencyKeyRecord, 'retiredAt'>): Promise<void> {
      await AgencyKeys.updateOne({ _id: key._id }, { $set: { ...key, retiredAt: null } }, { upsert: true });
      await AgencyKeys.updateMany({ _id: { $ne: key._id }, retiredAt: null }, { $set: { retiredAt: key.createdAt } });
    },
  };
}
