import type { Connection } from 'mongoose';

import { reportErrors } from './errors';
import { reportBodyModel, reportModel, type ReportBodyRecord, type ReportRecord, type TriageStatus } from './model';

export type ReportRepository = ReturnType<typeof reportRepository>;

const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 11000;

export interface ReportPageCursor {
  receivedAt: Date;
  id: string;
}

export function reportRepository(db: Connection) {
  const Reports = reportModel(db);
  const Bodies = reportBodyModel(db);
  return {
    /**
     * Stores a report without a transaction: the ciphertext first, then the
     * listed record, so every report the inbox shows has its ciphertext.
     * If the second write fails the first is undone; an orphaned body
     * (a crash between the two) is never listed and holds only ciphertext.
     */
    async insert(report: ReportRecord, body: ReportBodyRecord): Promise<void> {
      await Bodies.create(body);
      try {
        await Reports.create(report);
      } catch (error) {
        await Bodies.deleteOne({ _id: body._id }).catch(() => {});
        if (isDuplicateKey(error)) throw reportErrors.duplicateReceipt();
        throw error;
      }
    },

    /** Newest first; ties within an hour fall in random-id order, which says nothing about arrival order. */
    async page({
      status,
      limit,
      after,
    }: {
      status?: TriageStatus | undefined;
      limit: number;
      after?: ReportPageCursor | undefined;
    }) {
      const filter: Record<string, unknown> = {};
      if (status) filter.status = status;
      if (after) {
        filter.$or = [
          { receivedAt: { $lt: after.receivedAt } },
          { receivedAt: after.receivedAt, _id: { $lt: after.id } },
        ];
      }
      return Reports.find(filter, { receiptLookupHash: 0 })
        .sort({ receivedAt: -1, _id: -1 })
        .limit(limit)
        .lean<Omit<ReportRecord, 'receiptLookupHash'>[]>()
        .exec();
    },

    async findWithBody(id: string) {
      const report = await Reports.findById(id, { receiptLookupHash: 0 })
        .lean<Omit<ReportRecord, 'receiptLookupHash'>>()
        .exec();
      if (!report) return null;
      const body = await Bodies.findById(id).lean<ReportBodyRecord>().exec();
      return body ? { report, body } : null;
    },
  };
}
