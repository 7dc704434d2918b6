import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/** Triage statuses; later work adds the rest of the workflow. */
export const TRIAGE_STATUSES = ['new'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

/**
 * A report's workflow fields: the small document the inbox lists, filters and
 * counts. Everything the reporter wrote is in ReportBody, read by _id only.
 * The _id is random, not an ObjectId, because an ObjectId embeds the exact
 * second it was made.
 */
export interface ReportRecord {
  _id: string;
  /** When it arrived, cut to the hour. */
  receivedAt: Date;
  status: TriageStatus;
  envelopeVersion: number;
  /** SHA-256 of the lookup value derived from the receipt; the receipt itself is never sent. */
  receiptLookupHash: string;
}

/** The ciphertext of a report and the reporter's passphrase-protected key pair. */
export interface ReportBodyRecord {
  _id: string;
  armoredReport: string;
  reporterKey: { armoredPublicKey: string; armoredPrivateKey: string } | null;
}

const reportSchema = new Schema<ReportRecord>(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    status: { type: String, enum: TRIAGE_STATUSES, required: true },
    envelopeVersion: { type: Number, required: true },
    receiptLookupHash: { type: String, required: true },
  },
  { versionKey: false, collection: 'reports' },
);
reportSchema.index({ receiptLookupHash: 1 }, { unique: true });
reportSchema.index({ receivedAt: -1, _id: -1 });
reportSchema.index({ status: 1, receivedAt: -1, _id: -1 });

const reportBodySchema = new Schema<ReportBodyRecord>(
  {
    _id: { type: String, required: true },
    armoredReport: { type: String, required: true },
    reporterKey: {
      type: new Schema({ armoredPublicKey: String, armoredPrivateKey: String }, { _id: false }),
      default: null,
    },
  },
  { versionKey: false, collection: 'report_bodies' },
);

export const reportModel = (db: Connection) => modelOf(db, 'Report', reportSchema);
export const reportBodyModel = (db: Connection) => modelOf(db, 'ReportBody', reportBodySchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const reportModels: readonly ModelRegistration[] = [reportModel, reportBodyModel];
