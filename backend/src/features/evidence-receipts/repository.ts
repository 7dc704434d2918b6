import type { Connection } from 'mongoose';

import { evidenceReceiptModel, type EvidenceReceiptRecord } from './model';

export type EvidenceReceiptRepository = ReturnType<typeof evidenceReceiptRepository>;

/** Bare `{_id}` reads and writes only (the embedded engine scans for anything else). */
export function evidenceReceiptRepository(db: Connection) {
  const Receipts = evidenceReceiptModel(db);
  return {
    find: (id: string) => Receipts.findById(id).lean<EvidenceReceiptRecord>().exec(),

    /** Idempotent: a receipt issued again (a resent last segment, the file sent with its report) replaces it. */
    async save(record: EvidenceReceiptRecord): Promise<void> {
      const { _id, ...rest } = record;
      await Receipts.replaceOne({ _id }, rest, { upsert: true }).exec();
    },

    async remove(id: string): Promise<void> {
      await Receipts.deleteOne({ _id: id }).exec();
    },
  };
}
