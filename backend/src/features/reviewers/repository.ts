import type { Connection } from 'mongoose';

import {
  loginAttemptModel,
  loginTicketModel,
  recoveryCodeModel,
  reviewerModel,
  sessionModel,
  type LoginAttemptRecord,
  type LoginTicketRecord,
  type RecoveryCodeRecord,
  type ReviewerRecord,
  type SecondFactorRecord,
  type SessionRecord,
} from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type ReviewerRepository = ReturnType<typeof reviewerRepository>;

export function reviewerRepository(db: Connection) {
  const Reviewers = reviewerModel(db);
  const Sessions = sessionModel(db);
  const Attempts = loginAttemptModel(db);
  const RecoveryCodes = recoveryCodeModel(db);
  const Tickets = loginTicketModel(db);
  /** A guarded update that exactly one caller wins (atomic on MongoDB, and on the patched embedded engine). */
  const won = async (result: Promise<unknown>) => (await result) !== null;
  return {
    findReviewer: (username: string) => Reviewers.findById(username).lean<ReviewerRecord>().exec(),
    count: () => Reviewers.countDocuments().exec(),
    /** Every account: a handful to a few hundred, listed for the administrator. */
    listReviewers: () => Reviewers.find().sort({ _id: 1 }).lean<ReviewerRecord[]>().exec(),

    /** False when the username is taken. */
    async insertReviewer(record: Pick<ReviewerRecord, '_id' | 'passwordHash' | 'roles' | 'createdAt'>) {
      try {
        await Reviewers.create({ ...record, disabledAt: null, secondFactor: null, lastLoginAt: null });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    setDisabled: (_id: string, disabledAt: Date | null) =>
      won(Reviewers.findOneAndUpdate({ _id }, { $set: { disabledAt } }).lean().exec()),
    setPasswordHash: (_id: string, passwordHash: string) =>
      won(Reviewers.findOneAndUpdate({ _id }, { $set: { passwordHash } }).lean().exec()),
    setLastLogin: (_id: string, at: Date) => Reviewers.updateOne({ _id }, { $set: { lastLoginAt: at } }).exec(),

    /** Enrolls, unless a second factor was enrolled meanwhile (then false). */
    enrollSecondFactor: (_id: string, secondFactor: SecondFactorRecord) =>
      won(Reviewers.findOneAndUpdate({ _id, secondFactor: null }, { $set: { secondFactor } }).lean().exec()),
    clearSecondFactor: (_id: string) =>
      won(
        Reviewers.findOneAndUpdate({ _id }, { $set: { secondFactor: null } })
          .lean()
          .exec(),
      ),
    /** Claims a TOTP time step: false when this or a later step was used already (a replay). */
    claimTotpStep: (_id: string, recoveryBatch: string, step: number) =>
      won(
        Reviewers.findOneAndUpdate(
          { _id, 'secondFactor.recoveryBatch': recoveryBatch, 'secondFactor.lastStep': { $lt: step } },
          { $set: { 'secondFactor.lastStep': step } },
        )
          .lean()
          .exec(),
      ),

    insertRecoveryCodes: (codes: RecoveryCodeRecord[]) => RecoveryCodes.insertMany(codes),
    /** Marks the code used; false when it does not exist or was used (by this or a parallel request). */
    useRecoveryCode: (_id: string, at: Date) =>
      won(
        RecoveryCodes.findOneAndUpdate({ _id, usedAt: null }, { $set: { usedAt: at } })
          .lean()
          .exec(),
      ),
    unusedRecoveryCodes: (reviewerId: string, batch: string) =>
      RecoveryCodes.countDocuments({ reviewerId, batch, usedAt: null }).exec(),
    /** Removes a reviewer's recovery codes, all of them or all but one batch's. */
    async deleteRecoveryCodes(reviewerId: string, keepBatch?: string): Promise<void> {
      await RecoveryCodes.deleteMany(keepBatch ? { reviewerId, batch: { $ne: keepBatch } } : { reviewerId }).exec();
    },

    createTicket: (ticket: LoginTicketRecord) => Tickets.create(ticket),
    findTicket: (_id: string) => Tickets.findById(_id).lean<LoginTicketRecord>().exec(),
    /** Counts one code tried with the ticket; false once the ticket has had its tries. */
    countTicketTry: (_id: string, maxTries: number) =>
      won(
        Tickets.findOneAndUpdate({ _id, tries: { $lt: maxTries } }, { $inc: { tries: 1 } })
          .lean()
          .exec(),
      ),
    deleteTicket: (_id: string) => Tickets.deleteOne({ _id }).exec(),
    deleteTicketsOf: (reviewerId: string) => Tickets.deleteMany({ reviewerId }).exec(),
    deleteAllTickets: () => Tickets.deleteMany({}).exec(),
    sweepTickets: (now: Date) => Tickets.deleteMany({ expiresAt: { $lte: now } }).exec(),

    /**
     * Creates the reviewer, or gives an existing one this password and these
     * roles. Whether a reviewer is disabled is never changed here.
     */
    async saveReviewer({
      _id,
      passwordHash,
      roles,
      createdAt,
    }: Pick<ReviewerRecord, '_id' | 'passwordHash' | 'roles' | 'createdAt'>): Promise<'created' | 'updated'> {
      // An insert, then an update if the reviewer exists (the embedded engine's upsert drops a
      // $setOnInsert of null, and an insert gives one winner on any engine).
      try {
        await Reviewers.create({ _id, passwordHash, roles, createdAt, disabledAt: null, secondFactor: null });
        return 'created';
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await Reviewers.updateOne({ _id }, { $set: { passwordHash, roles } }).exec();
        return 'updated';
      }
    },

    createSession: (session: SessionRecord) => Sessions.create(session),
    findSession: (tokenHash: string) => Sessions.findById(tokenHash).lean<SessionRecord>().exec(),
    touchSession: (tokenHash: string, at: Date) =>
      Sessions.updateOne({ _id: tokenHash }, { $set: { lastSeenAt: at } }).exec(),
    /** True when this call removed it. */
    deleteSession: async (tokenHash: string) =>
      (await Sessions.deleteOne({ _id: tokenHash }).exec()).deletedCount === 1,
    /** Sessions past their maximum age or idle too long (still stored until removed). */
    endedSessions: (now: Date, idleMs: number) =>
      Sessions.find({
        $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lte: new Date(now.getTime() - idleMs) } }],
      })
        .lean<SessionRecord[]>()
        .exec(),
    /** Every stored session, for the administrator's view of who is active. */
    listSessions: () => Sessions.find().lean<SessionRecord[]>().exec(),
    async deleteSessionsOf(reviewerId: string): Promise<number> {
      const { deletedCount } = await Sessions.deleteMany({ reviewerId }).exec();
      return deletedCount;
    },
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
