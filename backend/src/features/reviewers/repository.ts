import type { Connection } from 'mongoose';

import {
  loginAttemptModel,
  reviewerModel,
  sessionModel,
  type LoginAttemptRecord,
  type ReviewerRecord,
  type SessionRecord,
} from './model';

export type ReviewerRepository = ReturnType<typeof reviewerRepository>;

const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 11000;

export function reviewerRepository(db: Connection) {
  const Reviewers = reviewerModel(db);
  const Sessions = sessionModel(db);
  const Attempts = loginAttemptModel(db);
  return {
    findReviewer: (username: string) => Reviewers.findById(username).lean<ReviewerRecord>().exec(),
    count: () => Reviewers.countDocuments().exec(),

    /**
     * Creates the reviewer, or gives an existing one this password and these
     * roles. Whether a reviewer is disabled is never changed here.
     */
    async saveReviewer({ _id, passwordHash, roles, createdAt }: Omit<ReviewerRecord, 'disabledAt'>): Promise<void> {
      // An insert, then an update if the reviewer exists (the embedded engine's upsert drops a
      // $setOnInsert of null, and an insert gives one winner on any engine).
      try {
        await Reviewers.create({ _id, passwordHash, roles, createdAt, disabledAt: null });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await Reviewers.updateOne({ _id }, { $set: { passwordHash, roles } }).exec();
      }
    },

    createSession: (session: SessionRecord) => Sessions.create(session),
    findSession: (tokenHash: string) => Sessions.findById(tokenHash).lean<SessionRecord>().exec(),
    touchSession: (tokenHash: string, at: Date) =>
      Sessions.updateOne({ _id: tokenHash }, { $set: { lastSeenAt: at } }).exec(),
    deleteSession: (tokenHash: string) => Sessions.deleteOne({ _id: tokenHash }).exec(),
    /** Removes sessions past their maximum age or idle too long. */
    deleteEndedSessions: (now: Date, idleMs: number) =>
      Sessions.deleteMany({
        $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lte: new Date(now.getTime() - idleMs) } }],
      }).exec(),
    async deleteAllSessions(): Promise<number> {
      const { deletedCount } = await Sessions.deleteMany({}).exec();
      return deletedCount;
    },

    /** False when another request holds this attempt already. */
    async claimAttempt(_id: string, expiresAt: Date): Promise<boolean> {
      try {
        await Attempts.create({ _id, expiresAt });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    attemptTaken: async (_id: string) => (await Attempts.findById(_id, { _id: 1 }).lean().exec()) !== null,

    /** Adds one to a window's count of paid attempts. */
    async countAttempt(_id: string, expiresAt: Date): Promise<void> {
      const add = () =>
        Attempts.updateOne({ _id }, { $inc: { count: 1 }, $setOnInsert: { expiresAt } }, { upsert: true }).exec();
      try {
        await add();
      } catch (error) {
        // Two first attempts raced to create the count: the loser adds to the winner's.
        if (!isDuplicateKey(error)) throw error;
        await add();
      }
    },
    async attemptCount(_id: string): Promise<number> {
      const found = await Attempts.findById(_id).lean<LoginAttemptRecord>().exec();
      return found?.count ?? 0;
    },

    /** Forgets these attempts, one bare `_id` delete each. */
    async forgetAttempts(ids: string[]): Promise<void> {
      await Promise.all(ids.map((_id) => Attempts.deleteOne({ _id }).exec()));
    },
    async sweepAttempts(now: Date): Promise<number> {
      const { deletedCount } = await Attempts.deleteMany({ expiresAt: { $lt: now } }).exec();
      return deletedCount;
    },
  };
}
