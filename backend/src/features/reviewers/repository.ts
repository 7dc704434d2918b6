import type { Connection } from 'mongoose';

import { reviewerModel, sessionModel, type ReviewerRecord, type SessionRecord } from './model';

export type ReviewerRepository = ReturnType<typeof reviewerRepository>;

export function reviewerRepository(db: Connection) {
  const Reviewers = reviewerModel(db);
  const Sessions = sessionModel(db);
  return {
    findByUsername: (username: string) => Reviewers.findOne({ username }).lean<ReviewerRecord>().exec(),
    findById: (id: string) => Reviewers.findById(id).lean<ReviewerRecord>().exec(),
    count: () => Reviewers.countDocuments().exec(),

    /** Creates the reviewer, or replaces the password and roles of the one with this username. */
    async upsert(reviewer: ReviewerRecord): Promise<void> {
      const { _id, createdAt, ...changes } = reviewer;
      await Reviewers.updateOne(
        { username: reviewer.username },
        { $set: { ...changes, disabledAt: null }, $setOnInsert: { _id, createdAt } },
        { upsert: true },
      );
    },

    createSession: (session: SessionRecord) => Sessions.create(session),
    findSession: (tokenHash: string) => Sessions.findById(tokenHash).lean<SessionRecord>().exec(),
    touchSession: (tokenHash: string, at: Date) =>
      Sessions.updateOne({ _id: tokenHash }, { $set: { lastSeenAt: at } }).exec(),
    deleteSession: (tokenHash: string) => Sessions.deleteOne({ _id: tokenHash }).exec(),
    deleteSessionsBefore: (at: Date) => Sessions.deleteMany({ expiresAt: { $lt: at } }).exec(),
  };
}
