import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

export const ROLES = ['reviewer', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export interface ReviewerRecord {
  /**
   * The username, lower case. A login finds its reviewer by `_id` alone: the
   * one filter the embedded engine answers from an index instead of a scan,
   * and one a flood of logins for unknown names cannot make expensive.
   */
  _id: string;
  /** argon2id, in PHC string form. */
  passwordHash: string;
  roles: Role[];
  createdAt: Date;
  disabledAt: Date | null;
  /** Null until the reviewer enrolls at their first login, and again after an administrator resets it. */
  secondFactor?: SecondFactorRecord | null;
  lastLoginAt?: Date | null;
}

export interface SecondFactorRecord {
  /** The TOTP secret, sealed with the server key (secret-box.ts), bound to the reviewer. */
  sealedSecret: string;
  /** The last TOTP time step used: a code of this step or before is refused (no replay). */
  lastStep: number;
  enrolledAt: Date;
  /** Which recovery codes are this enrollment's (older batches no longer count). */
  recoveryBatch: string;
}

/** One recovery code, stored as a hash only (second-factor.ts). Using it sets `usedAt`, once. */
export interface RecoveryCodeRecord {
  _id: string;
  reviewerId: string;
  batch: string;
  usedAt: Date | null;
}

/**
 * The state between a correct password and the second factor. The browser
 * holds the token; only its SHA-256 is stored. An enrollment ticket carries
 * the new TOTP secret (sealed) until the reviewer confirms it with a code.
 */
export interface LoginTicketRecord {
  _id: string;
  reviewerId: string;
  kind: 'second-factor' | 'enrollment';
  sealedSecret: string | null;
  /** Codes tried with this ticket; past the limit the password is needed again. */
  tries: number;
  expiresAt: Date;
}

/** A reviewer's login. The token is given to the browser once; only its SHA-256 is stored. */
export interface SessionRecord {
  _id: string;
  /** The reviewer's `_id` (their username). */
  reviewerId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The latest the session may live, however active it is. */
  expiresAt: Date;
}

/**
 * Login attempts for one username in one window (login-guard.ts). A free
 * attempt is a document whose `_id` names the window, the username's hash and
 * the attempt's number, so claiming one is an insert that exactly one request
 * wins, on the embedded engine as on MongoDB. Attempts that paid with a proof
 * of work are counted in one document per window (`count`); that count only
 * sets the next proof's difficulty.
 */
export interface LoginAttemptRecord {
  _id: string;
  /** When the record no longer matters: the sweep removes it then. */
  expiresAt: Date;
  count?: number;
}

const reviewerSchema = new Schema<ReviewerRecord>(
  {
    _id: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    createdAt: { type: Date, required: true },
    disabledAt: { type: Date, default: null },
    secondFactor: {
      type: new Schema<SecondFactorRecord>(
        {
          sealedSecret: { type: String, required: true },
          lastStep: { type: Number, required: true },
          enrolledAt: { type: Date, required: true },
          recoveryBatch: { type: String, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    lastLoginAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'reviewers' },
);

const recoveryCodeSchema = new Schema<RecoveryCodeRecord>(
  {
    _id: { type: String, required: true },
    reviewerId: { type: String, required: true },
    batch: { type: String, required: true },
    usedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'recovery_codes' },
);
recoveryCodeSchema.index({ reviewerId: 1 });

const loginTicketSchema = new Schema<LoginTicketRecord>(
  {
    _id: { type: String, required: true },
    reviewerId: { type: String, required: true },
    kind: { type: String, enum: ['second-factor', 'enrollment'], required: true },
    sealedSecret: { type: String, default: null },
    tries: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'login_tickets' },
);
loginTicketSchema.index({ expiresAt: 1 });
loginTicketSchema.index({ reviewerId: 1 });

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

const loginAttemptSchema = new Schema<LoginAttemptRecord>(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    count: { type: Number },
  },
  { versionKey: false, collection: 'login_attempts' },
);
loginAttemptSchema.index({ expiresAt: 1 });

export const reviewerModel = (db: Connection) => modelOf(db, 'Reviewer', reviewerSchema);
export const sessionModel = (db: Connection) => modelOf(db, 'Session', sessionSchema);
export const loginAttemptModel = (db: Connection) => modelOf(db, 'LoginAttempt', loginAttemptSchema);
export const recoveryCodeModel = (db: Connection) => modelOf(db, 'RecoveryCode', recoveryCodeSchema);
export const loginTicketModel = (db: Connection) => modelOf(db, 'LoginTicket', loginTicketSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const reviewerModels: readonly ModelRegistration[] = [
  reviewerModel,
  sessionModel,
  loginAttemptModel,
  recoveryCodeModel,
  loginTicketModel,
];
