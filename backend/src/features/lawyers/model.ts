import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/**
 * A lawyer's access code, issued by the reporter from the return page. Read
 * by `_id` only: the SHA-256 of the lookup value the lawyer's browser derives
 * from the code (the code itself never reaches the server). Beside it: the
 * lawyer key (its private half locked by a passphrase only the code gives),
 * the reporter's label for it as ciphertext to the reporter key, and hours.
 */
export interface AccessCodeRecord {
  _id: string;
  /** A random public name for the code (128 bits), by which the reporter revokes it and the console lists its thread. */
  codeId: string;
  reportId: string;
  lawyerKey: { armoredPublicKey: string; armoredPrivateKey: string };
  /** The reporter's own name for the code, encrypted to the reporter key alone. */
  armoredLabel: string;
  /** Cut to the hour. */
  issuedAt: Date;
  /** Cut to the hour; null while the code opens. */
  revokedAt: Date | null;
  /**
   * What the reporter chose to share with this lawyer (their own thread, as
   * they read it), ciphertext to the lawyer key and the reporter key; null:
   * nothing shared. `sharedAt` is the hour it was last written.
   */
  armoredShare?: string | null;
  sharedAt?: Date | null;
}

/** A report's access codes, in the order issued, so listing them is `_id` lookups only. */
export interface ReportAccessCodesRecord {
  _id: string;
  codeHashes: string[];
}

export const LAWYER_MESSAGE_AUTHORS = ['lawyer', 'reviewer'] as const;
export type LawyerMessageAuthor = (typeof LAWYER_MESSAGE_AUTHORS)[number];

/** A message of a lawyer's thread: ciphertext to the recipient set and the lawyer key, and plain facts. */
export interface LawyerMessageRecord {
  /** The first 128 bits of the SHA-256 of its packets, as a report message's. */
  _id: string;
  /** The access code's public id: one thread per code. */
  codeId: string;
  reportId: string;
  author: LawyerMessageAuthor;
  sentAt: Date;
  armoredMessage: string;
}

export interface LawyerThreadRecord {
  /** The access code's public id. */
  _id: string;
  messageIds: string[];
}

const accessCodeSchema = new Schema<AccessCodeRecord>(
  {
    _id: { type: String, required: true },
    codeId: { type: String, required: true },
    reportId: { type: String, required: true },
    lawyerKey: {
      type: new Schema({ armoredPublicKey: String, armoredPrivateKey: String }, { _id: false }),
      required: true,
    },
    armoredLabel: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    armoredShare: { type: String, default: null },
    sharedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'access_codes' },
);

const reportAccessCodesSchema = new Schema<ReportAccessCodesRecord>(
  { _id: { type: String, required: true }, codeHashes: { type: [String], required: true } },
  { versionKey: false, collection: 'report_access_codes' },
);

const lawyerMessageSchema = new Schema<LawyerMessageRecord>(
  {
    _id: { type: String, required: true },
    codeId: { type: String, required: true },
    reportId: { type: String, required: true },
    author: { type: String, enum: LAWYER_MESSAGE_AUTHORS, required: true },
    sentAt: { type: Date, required: true },
    armoredMessage: { type: String, required: true },
  },
  { versionKey: false, collection: 'lawyer_messages' },
);

const lawyerThreadSchema = new Schema<LawyerThreadRecord>(
  { _id: { type: String, required: true }, messageIds: { type: [String], required: true } },
  { versionKey: false, collection: 'lawyer_threads' },
);

export const accessCodeModel = (db: Connection) => modelOf(db, 'AccessCode', accessCodeSchema);
export const reportAccessCodesModel = (db: Connection) => modelOf(db, 'ReportAccessCodes', reportAccessCodesSchema);
export const lawyerMessageModel = (db: Connection) => modelOf(db, 'LawyerMessage', lawyerMessageSchema);
export const lawyerThreadModel = (db: Connection) => modelOf(db, 'LawyerThread', lawyerThreadSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const lawyerModels: readonly ModelRegistration[] = [
  accessCodeModel,
  reportAccessCodesModel,
  lawyerMessageModel,
  lawyerThreadModel,
];
