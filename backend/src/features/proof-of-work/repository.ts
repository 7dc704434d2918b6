import { randomBytes } from 'node:crypto';

import type { Connection } from 'mongoose';

import { challengeKeyModel, spentChallengeModel, type ChallengeKeyRecord } from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type ProofOfWorkRepository = ReturnType<typeof proofOfWorkRepository>;

export function proofOfWorkRepository(db: Connection) {
  const Spent = spentChallengeModel(db);
  const Keys = challengeKeyModel(db);
  return {
    /** The platform's challenge key, made by whichever instance asks first (the unique _id picks one winner). */
    async challengeKey(): Promise<Buffer> {
      const found = await Keys.findById('proof-of-work').lean<ChallengeKeyRecord>().exec();
      if (found) return Buffer.from(found.key, 'base64');
      try {
        const key = randomBytes(32).toString('base64');
        await Keys.create({ _id: 'proof-of-work', key });
        return Buffer.from(key, 'base64');
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const winner = await Keys.findById('proof-of-work').lean<ChallengeKeyRecord>().exec();
        if (!winner) throw error;
        return Buffer.from(winner.key, 'base64');
      }
    },

    /** False when the challenge was spent before. */
    async spend(challengeDigest: string, expiresAt: Date): Promise<boolean> {
      try {
        await Spent.create({ _id: challengeDigest, expiresAt });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Forgets spent challenges that have expired: they would be refused as expired anyway. */
    async sweep(now: Date): Promise<number> {
      const { deletedCount } = await Spent.deleteMany({ expiresAt: { $lt: now } }).exec();
      return deletedCount;
    },
  };
}
