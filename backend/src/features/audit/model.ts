import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/** What a detail may hold: flat values only, so the canonical form that is hashed stays simple. */
export type AuditDetails = Record<string, string | number | boolean | null>;

/**
 * One audit entry. `_id` is its sequence number (1, 2, …): appending is an
 * insert with the next number, which exactly one writer wins on any engine,
 * and reading a page newest first is one bare `_id` lookup per entry, the
 * only read the embedded engine answers from an index.
 */
export interface AuditEntryRecord {
  _id: number;
  /** Exact: these are reviewers' and administrators' actions, never a reporter's. */
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: AuditDetails;
  /** The previous entry's hash (64 zeros before the first). */
  prevHash: string;
  /** SHA-256 over this entry's content and prevHash (chain.ts). */
  hash: string;
}

/** Where the newest entry is, so appending does not scan; it may lag the entries after a crash, never lead them. */
export interface AuditHeadRecord {
  _id: string;
  seq: number;
  hash: string;
}

const entrySchema = new Schema<AuditEntryRecord>(
  {
    _id: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  // minimize: false keeps an empty `details`, which the hash covers.
  { versionKey: false, collection: 'audit_log', minimize: false },
);
// The filters the console offers; used by MongoDB (the embedded engine scans whatever it is given).
entrySchema.index({ actor: 1, _id: -1 });
entrySchema.index({ action: 1, _id: -1 });
entrySchema.index({ target: 1, _id: -1 });

const headSchema = new Schema<AuditHeadRecord>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, collection: 'audit_head' },
);

export const auditEntryModel = (db: Connection) => modelOf(db, 'AuditEntry', entrySchema);
export const auditHeadModel = (db: Connection) => modelOf(db, 'AuditHead', headSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const auditModels: readonly ModelRegistration[] = [auditEntryModel, auditHeadModel];
