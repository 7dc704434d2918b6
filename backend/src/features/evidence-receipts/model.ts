import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/**
 * A signed evidence receipt, read by `_id` alone (the file's id). The
 * receipt's text is kept byte for byte as signed: it is what `gpg --verify`
 * checks, so it is never rebuilt from fields.
 */
export interface EvidenceReceiptRecord {
  /** The attachment id. */
  _id: string;
  /** The canonical JSON that was signed. */
  receiptText: string;
  armoredSignature: string;
}

const evidenceReceiptSchema = new Schema<EvidenceReceiptRecord>(
  {
    _id: { type: String, required: true },
    receiptText: { type: String, required: true },
    armoredSignature: { type: String, required: true },
  },
  { versionKey: false, collection: 'evidence_receipts' },
);

export const evidenceReceiptModel = (db: Connection) => modelOf(db, 'EvidenceReceipt', evidenceReceiptSchema);

export const evidenceReceiptModels: readonly ModelRegistration[] = [evidenceReceiptModel];
