import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/** Statuses of reports the inbox works on. Later work adds the rest of the workflow here. */
export const ACTIVE_STATUSES = ['new'] as const;
/** Statuses of finished reports: they leave the active set for the archive. */
export const ARCHIVED_STATUSES = ['closed', 'referred'] as const;
export const TRIAGE_STATUSES = [...ACTIVE_STATUSES, ...ARCHIVED_STATUSES] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];
export type ArchivedStatus = (typeof ARCHIVED_STATUSES)[number];
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

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
  /** A reporter wrote in the thread since a reviewer last read it (features/messages); absent is false. */
  unreadReplies?: boolean;
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
      unreadReplies: { type: Boolean },
    },
    { versionKey: false, collection },
  );
  // What the inbox queries need on MongoDB (the embedded engine scans regardless): newest first, with and
  // without a status filter; the _id breaks ties within an hour.
  schema.index({ receivedAt: -1, _id: -1 });
  schema.index({ status: 1, receivedAt: -1, _id: -1 });
  schema.index({ unreadReplies: 1, receivedAt: -1, _id: -1 });
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

const receiptLookupSchema = new Schema<ReceiptLookupRecord>(
  { _id: { type: String, required: true }, reportId: { type: String, required: true } },
  { versionKey: false, collection: 'report_receipts' },
);

export const activeReportModel = (db: Connection) => modelOf(db, 'Report', entrySchema('reports'));
export const archivedReportModel = (db: Connection) => modelOf(db, 'ArchivedReport', entrySchema('report_archive'));
export const reportBodyModel = (db: Connection) => modelOf(db, 'ReportBody', reportBodySchema);
export const receiptLookupModel = (db: Connection) => modelOf(db, 'ReceiptLookup', receiptLookupSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const reportModels: readonly ModelRegistration[] = [
  activeReportModel,
  archivedReportModel,
  reportBodyModel,
  receiptLookupModel,
];
