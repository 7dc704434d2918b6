import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

export const ROLES = ['reviewer', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export interface ReviewerRecord {
  _id: string;
  /** Lower case; unique. */
  username: string;
  /** argon2id, in PHC string form. */
  passwordHash: string;
  roles: Role[];
  createdAt: Date;
  disabledAt: Date | null;
}

/** A reviewer's login. The token is given to the browser once; only its SHA-256 is stored. */
export interface SessionRecord {
  _id: string;
  reviewerId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The latest the session may live, however active it is. */
  expiresAt: Date;
}

const reviewerSchema = new Schema<ReviewerRecord>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    createdAt: { type: Date, required: true },
    disabledAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'reviewers' },
);
reviewerSchema.index({ username: 1 }, { unique: true });

const sessionSchema = new Schema<SessionRecord>(
  {
    _id: { type: String, required: true },
    reviewerId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sessions' },
);
sessionSchema.index({ reviewerId: 1 });
sessionSchema.index({ expiresAt: 1 });

export const reviewerModel = (db: Connection) => modelOf(db, 'Reviewer', reviewerSchema);
export const sessionModel = (db: Connection) => modelOf(db, 'Session', sessionSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const reviewerModels: readonly ModelRegistration[] = [reviewerModel, sessionModel];
