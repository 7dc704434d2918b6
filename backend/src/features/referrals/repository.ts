import type { Connection } from 'mongoose';

import { referralModel, type ReferralRecord } from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type ReferralRepository = ReturnType<typeof referralRepository>;

export const referralId = (reportId: string, seq: number) => `${reportId}.${seq}`;

/** Every read is a bare `{_id}` lookup (DESIGN.md): a report's referrals are `<id>.1`, `<id>.2`, … until one is missing. */
export function referralRepository(db: Connection) {
  const Referrals = referralModel(db);
  const find = (id: string) => Referrals.findById(id).lean<ReferralRecord>().exec();
  return {
    find,

    /** The referrals of a report, oldest first; `max` bounds the lookups. */
    async listFor(reportId: string, max: number): Promise<ReferralRecord[]> {
      const found: ReferralRecord[] = [];
      for (let seq = 1; seq <= max; seq++) {
        const referral = await find(referralId(reportId, seq));
        if (!referral) break;
        found.push(referral);
      }
      return found;
    },

    /** False when this number is taken (another reviewer saved first): the caller tries the next. */
    async insert(record: ReferralRecord): Promise<boolean> {
      try {
        await Referrals.collection.insertOne(record as never);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
  };
}
