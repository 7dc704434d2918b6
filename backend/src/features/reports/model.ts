import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/** Statuses of reports the inbox works on. */
export const ACTIVE_STATUSES = ['new', 'in_review', 'awaiting_reporter'] as const;
/** Statuses of finished reports: they leave the active set for the archive (and may be reopened). */
export const ARCHIVED_STATUSES = ['referred', 'closed_unfounded', 'closed_duplicate'] as const;
export const TRIAGE_STATUSES = [...ACTIVE_STATUSES, ...ARCHIVED_STATUSES] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];
export type ArchivedStatus = (typeof ARCHIVED_STATUSES)[number];
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * What the inbox lists, filters and counts: three small fields and nothing
 * else, because the embedded engine decodes every document of a collection
 * for each list (docs/benchmarks.md). Active reports are in `reports`,
 * closed and referred ones in `report_archive`, with this same shape, so the
 * inbox reads only the reports still being worked on.
 */
export interface ReportEntryRecord {
  /** The report id: the first 128 bits of the SHA-256 of its packets (never an ObjectId, which embeds the second). */
  _id: string;
  /** When it arrived, cut to the hour. */
  receivedAt: Date;
  status: TriageStatus;
  // The workflow fields below are absent until a reviewer first changes the report (a submission writes the
  // three above only, keeping the hot path small); `workflowOf` (workflow.ts) reads the defaults.
  /** Why the status was set (required by every status but `new`); a reviewer's words, stored in plaintext. */
  reason?: string | null;
  /** For `closed_duplicate`: the report this one duplicates. */
  duplicateOf?: string | null;
  /** A reviewer's username. */
  assignee?: string | null;
  priority?: Priority;
  labels?: string[];
  /** Changes so far; a change names the version it was made on (optimistic concurrency, triage.ts). */
  version?: number;
  /** When the status first left `new` (the reporter's report was acknowledged). */
  acknowledgedAt?: Date | null;
  /** When the report first reached a status that answers the reporter (awaiting reporter, referred, closed). */
  feedbackAt?: Date | null;
  /** The last change by a reviewer. */
  updatedAt?: Date | null;
  /** Set by the messages feature when a reporter's reply is unread; cleared when a reviewer reads it. */
  unreadReplies?: boolean;
}

/**
 * One change to a report's workflow fields: who, when, what changed and the
 * whole state after it. Its `_id` is `<report id>:<version>`, so the insert
 * that records a change is also the claim on that version (one writer wins on
 * any engine), and a report's history is read by bare `_id` lookups.
 */
export interface ReportChangeRecord {
  _id: string;
  reportId: string;
  version: number;
  at: Date;
  actor: string;
  /** The fields this change set, with their new values. */
  changes: Record<string, unknown>;
  /** The workflow fields after the change (what the entry must hold at this version). */
  after: WorkflowState;
}

export interface WorkflowState {
  status: TriageStatus;
  reason: string | null;
  duplicateOf: string | null;
  assignee: string | null;
  priority: Priority;
  labels: string[];
  acknowledgedAt: Date | null;
  feedbackAt: Date | null;
}

/** Per inbox view: how an instance knows its copy is current (inbox-cache.ts). */
export interface InboxStampRecord {
  _id: 'active' | 'archive';
  /** The newest logged change's number. */
  seq: number;
  /** Replaced (random) after reports arrive; arrivals are not logged. */
  arrivals: string | null;
}

/** The ids one write changed in a view, under the view's next number. No time: see inbox-cache.ts. */
export interface InboxChangeRecord {
  /** `<view>:<seq>`. */
  _id: string;
  view: 'active' | 'archive';
  seq: number;
  ids: string[];
}

/**
 * The report itself, written first and read by _id only. It holds everything
 * needed to list it again (so the sweep can finish a report whose entry a
 * fault left unwritten), and its unique keys refuse a replayed ciphertext
 * (the _id) and a reused receipt in the same insert.
 */
export interface ReportBodyRecord {
  _id: string;
  receivedAt: Date;
  envelopeVersion: number;
  /** SHA-256 of the lookup value derived from the receipt; the receipt itself is never sent. */
  receiptLookupHash: string;
  armoredReport: string;
  reporterKey: { armoredPublicKey: string; armoredPrivateKey: string } | null;
}

/**
 * How a return visit finds its report: `_id` is the SHA-256 of the lookup
 * value derived from the receipt, so the one read a returning reporter
 * causes is a bare `_id` lookup (the body's unique `receiptLookupHash`
 * refuses a reused receipt, but reading by it would scan every body on the
 * embedded engine). Written after the body; the sweep writes any a fault
 * left out, and the ones of reports stored before this collection existed.
 */
export interface ReceiptLookupRecord {
  _id: string;
  reportId: string;
}

function entrySchema(collection: string) {
  const schema = new Schema<ReportEntryRecord>(
    {
      _id: { type: String, required: true },
      receivedAt: { type: Date, required: true },
      status: { type: String, enum: TRIAGE_STATUSES, required: true },
      reason: { type: String, default: undefined },
      duplicateOf: { type: String, default: undefined },
      assignee: { type: String, default: undefined },
      priority: { type: String, enum: PRIORITIES, default: undefined },
      labels: { type: [String], default: undefined },
      version: { type: Number, default: undefined },
      acknowledgedAt: { type: Date, default: undefined },
      feedbackAt: { type: Date, default: undefined },
      updatedAt: { type: Date, default: undefined },
      unreadReplies: { type: Boolean, default: undefined },
    },
    { versionKey: false, collection },
  );
  // What the inbox queries need on MongoDB (the embedded engine scans regardless): newest first, with and
  // without a status filter; the _id breaks ties within an hour.
  schema.index({ receivedAt: -1, _id: -1 });
  schema.index({ status: 1, receivedAt: -1, _id: -1 });
  // Each instance keeps a copy of a view and filters it itself (inbox-cache.ts); on MongoDB these serve the
  // few reads that go to the database anyway (an assignee's or a label's reports, say).
  schema.index({ assignee: 1, receivedAt: -1 });
  schema.index({ labels: 1, receivedAt: -1 });
  return schema;
}

const reportBodySchema = new Schema<ReportBodyRecord>(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    envelopeVersion: { type: Number, required: true },
    receiptLookupHash: { type: String, required: true },
    armoredReport: { type: String, required: true },
    reporterKey: {
      type: new Schema({ armoredPublicKey: String, armoredPrivateKey: String }, { _id: false }),
      default: null,
    },
  },
  { versionKey: false, collection: 'report_bodies' },
);
reportBodySchema.index({ receiptLookupHash: 1 }, { unique: true });

const reportChangeSchema = new Schema<ReportChangeRecord>(
  {
    _id: { type: String, required: true },
    reportId: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    changes: { type: Schema.Types.Mixed, required: true },
    after: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, collection: 'report_history', minimize: false },
);

const inboxStampSchema = new Schema<InboxStampRecord>(
  { _id: { type: String, required: true }, seq: Number, arrivals: String },
  { versionKey: false, collection: 'inbox_stamps' },
);

const inboxChangeSchema = new Schema<InboxChangeRecord>(
  { _id: { type: String, required: true }, view: String, seq: Number, ids: [String] },
  { versionKey: false, collection: 'inbox_changes' },
);

const receiptLookupSchema = new Schema<ReceiptLookupRecord>(
  { _id: { type: String, required: true }, reportId: { type: String, required: true } },
  { versionKey: false, collection: 'report_receipts' },
);

export const activeReportModel = (db: Connection) => modelOf(db, 'Report', entrySchema('reports'));
export const archivedReportModel = (db: Connection) => modelOf(db, 'ArchivedReport', entrySchema('report_archive'));
export const reportBodyModel = (db: Connection) => modelOf(db, 'ReportBody', reportBodySchema);
export const reportChangeModel = (db: Connection) => modelOf(db, 'ReportChange', reportChangeSchema);
export const inboxStampModel = (db: Connection) => modelOf(db, 'InboxStamp', inboxStampSchema);
export const inboxChangeModel = (db: Connection) => modelOf(db, 'InboxChange', inboxChangeSchema);
export const receiptLookupModel = (db: Connection) => modelOf(db, 'ReceiptLookup', receiptLookupSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const reportModels: readonly ModelRegistration[] = [
  activeReportModel,
  archivedReportModel,
  reportBodyModel,
  reportChangeModel,
  inboxStampModel,
  inboxChangeModel,
  receiptLookupModel,
];
