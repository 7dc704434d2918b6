import type { Connection } from 'mongoose';

import { insertBatcher, type InsertOutcome } from '../../db/insert-batcher';
import {
  activeReportModel,
  archivedReportModel,
  receiptLookupModel,
  reportBodyModel,
  type ActiveStatus,
  type ArchivedStatus,
  type ReceiptLookupRecord,
  type ReportBodyRecord,
  type ReportEntryRecord,
  type TriageStatus,
} from './model';

export type ReportRepository = ReturnType<typeof reportRepository>;
export type InboxView = 'active' | 'archive';

export interface ReportPageCursor {
  receivedAt: Date;
  id: string;
}

/** Rows per round trip when the sweep reads everything: each batch well inside the driver's socket timeout. */
const SWEEP_BATCH = 500;

/**
 * How long an inbox entry waits for others to share its insert. Nobody waits
 * on it (the submission was answered when its body was stored), and a write
 * of one entry cost the embedded engine as much CPU as the body's own
 * (docs/benchmarks.md, ingest); this instance's own reads send it at once
 * (`settled`), another instance's inbox shows the report at most this much later.
 */
const ENTRY_LINGER_MS = 50;

/** An entry that could not be written is tried again this often, this many times, before the sweep's turn. */
const RELIST_DELAY_MS = 5_000;
const RELIST_ATTEMPTS = 6;

const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 11000;

/**
 * Every read of one report is a bare `{_id: value}` lookup, the only filter
 * the embedded engine answers from an index; lists read the small entry
 * collections only. Writes use the driver's collections directly: the
 * documents are built here from input zod already checked, so mongoose's
 * casting would only add time to the hottest path.
 */
export function reportRepository(db: Connection) {
  const Active = activeReportModel(db);
  const Archive = archivedReportModel(db);
  const Bodies = reportBodyModel(db);
  const Receipts = receiptLookupModel(db);
  const receipts = db.collection<ReceiptLookupRecord>(Receipts.collection.collectionName);
  const insertReceipt = insertBatcher(receipts);
  // The driver's collections, typed: the string _id is ours, not an ObjectId.
  const bodies = db.collection<ReportBodyRecord>(Bodies.collection.collectionName);
  const active = db.collection<ReportEntryRecord>(Active.collection.collectionName);
  const archive = db.collection<ReportEntryRecord>(Archive.collection.collectionName);
  const insertBody = insertBatcher(bodies);
  const insertEntry = insertBatcher(active, { lingerMs: ENTRY_LINGER_MS });
  const entries = (view: InboxView) => (view === 'active' ? Active : Archive);
  const rawEntries = (view: InboxView) => (view === 'active' ? active : archive);

  /** The entry wherever it is; the archive wins if an interrupted move left it in both. */
  async function findEntry(id: string): Promise<ReportEntryRecord | null> {
    const [active, archived] = await Promise.all([
      Active.findById(id).lean<ReportEntryRecord>().exec(),
      Archive.findById(id).lean<ReportEntryRecord>().exec(),
    ]);
    return archived ?? active;
  }

  return {
    /**
     * The first of a report's two writes and the one that decides: the unique
     * _id (from the packets) refuses a stored ciphertext and the unique
     * receipt hash a reused receipt, in the same insert.
     */
    storeBody: (body: ReportBodyRecord): Promise<InsertOutcome> => insertBody(body),

    /** The second write: the report appears in the inbox. Idempotent, so a retry or the sweep may repeat it. */
    async listEntry(entry: ReportEntryRecord): Promise<void> {
      await insertEntry(entry, { now: true });
    },

    /**
     * The second write, after the answer: a submission is acknowledged once
     * its body is stored (that write decides and holds everything), and its
     * entry follows, batched with the others (group commit). If the entry
     * cannot be written it is tried again a few times, and the sweep lists
     * whatever a crash or a long outage left out.
     */
    listEntryLater(entry: ReportEntryRecord): void {
      const attempt = (left: number) => {
        insertEntry(entry).catch(() => {
          if (left > 0) setTimeout(() => attempt(left - 1), RELIST_DELAY_MS).unref();
        });
      };
      attempt(RELIST_ATTEMPTS);
    },

    /**
     * After the answer, like the entry: the receipt's `_id` lookup, so a
     * return visit finds the report. A duplicate is this same record again.
     */
    recordReceiptLater(record: ReceiptLookupRecord): void {
      const attempt = (left: number) => {
        insertReceipt(record).catch(() => {
          if (left > 0) setTimeout(() => attempt(left - 1), RELIST_DELAY_MS).unref();
        });
      };
      attempt(RELIST_ATTEMPTS);
    },

    /** The report a receipt opens: one bare `_id` lookup of the lookup value's hash. */
    async findByReceipt(receiptLookupHash: string): Promise<ReceiptLookupRecord | null> {
      return Receipts.findById(receiptLookupHash).lean<ReceiptLookupRecord>().exec();
    },

    /**
     * Sets or clears the unread-replies flag on the report's inbox entry,
     * wherever it is: one update operator by `_id` on each set (atomic on
     * MongoDB and on the patched embedded engine). False when neither holds it.
     */
    async setUnreadReplies(id: string, unread: boolean): Promise<boolean> {
      const [inActive, inArchive] = await Promise.all([
        active.updateOne({ _id: id }, { $set: { unreadReplies: unread } }),
        archive.updateOne({ _id: id }, { $set: { unreadReplies: unread } }),
      ]);
      return inActive.matchedCount + inArchive.matchedCount > 0;
    },

    /** Waits for this instance's entries still being written, so its own reads see every report it acknowledged. */
    settled: async () => {
      await Promise.all([insertEntry.idle(), insertReceipt.idle()]);
    },

    async findBody(id: string): Promise<ReportBodyRecord | null> {
      return Bodies.findById(id).lean<ReportBodyRecord>().exec();
    },

    findEntry,

    /** Entry and body together, read in parallel: opening a report waits for one round trip. */
    async findWithBody(id: string) {
      const [active, archived, body] = await Promise.all([
        Active.findById(id).lean<ReportEntryRecord>().exec(),
        Archive.findById(id).lean<ReportEntryRecord>().exec(),
        Bodies.findById(id).lean<ReportBodyRecord>().exec(),
      ]);
      const entry = archived ?? active;
      return entry && body ? { entry, body } : null;
    },

    /**
     * Newest first, and within an hour by descending id (random, so it says
     * nothing about arrival order). The cursor is the last row shown: the next
     * page starts strictly after it in that same order, so paging through an
     * hour with any number of reports neither skips nor repeats one.
     */
    async page({
      view,
      status,
      limit,
      after,
      unread,
    }: {
      view: InboxView;
      status?: TriageStatus | undefined;
      limit: number;
      after?: ReportPageCursor | undefined;
      unread?: boolean | undefined;
    }): Promise<ReportEntryRecord[]> {
      const filter: Record<string, unknown> = {};
      if (status) filter.status = status;
      if (unread) filter.unreadReplies = true;
      if (after) {
        filter.$or = [
          { receivedAt: { $lt: after.receivedAt } },
          { receivedAt: after.receivedAt, _id: { $lt: after.id } },
        ];
      }
      return entries(view)
        .find(filter)
        .sort({ receivedAt: -1, _id: -1 })
        .limit(limit)
        .lean<ReportEntryRecord[]>()
        .exec();
    },

    /**
     * Moves a report out of the active set: into the archive first, then out
     * of the inbox, so it is never in neither. Repeating it finishes an
     * interrupted move; the sweep does the same for moves a crash cut short.
     */
    async archive(id: string, status: ArchivedStatus): Promise<boolean> {
      const entry = await findEntry(id);
      if (!entry) return false;
      try {
        await archive.insertOne({
          _id: entry._id,
          receivedAt: entry.receivedAt,
          status,
          ...(entry.unreadReplies ? { unreadReplies: true } : {}),
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await archive.updateOne({ _id: entry._id }, { $set: { status } });
      }
      await active.deleteOne({ _id: entry._id });
      return true;
    },

    /** For seeding and tests: an entry written straight into either set. */
    async insertEntries(view: InboxView, rows: ReportEntryRecord[]): Promise<void> {
      if (rows.length > 0) await rawEntries(view).insertMany(rows, { ordered: false });
    },

    /**
     * Finds what a fault left half-done and finishes it: a body with no entry
     * (the second write never happened) gets its entry, so an acknowledged
     * report is never lost; an entry in both sets (a move cut short) leaves the
     * active one. Reads every id; on the embedded engine this scans the bodies
     * (seconds at 20 000 reports), which is why it runs at start and hourly only.
     */
    async sweep(): Promise<{ listed: number; moved: number }> {
      const [activeRows, archivedRows, receiptRows] = await Promise.all([
        active.find({}, { projection: { _id: 1 }, batchSize: SWEEP_BATCH }).toArray(),
        archive.find({}, { projection: { _id: 1 }, batchSize: SWEEP_BATCH }).toArray(),
        receipts.find({}, { projection: { _id: 1 }, batchSize: SWEEP_BATCH }).toArray(),
      ]);
      const activeIds = new Set(activeRows.map((e) => e._id));
      const archivedIds = new Set(archivedRows.map((e) => e._id));
      const receiptIds = new Set(receiptRows.map((r) => r._id));
      let listed = 0;
      const projection = { _id: 1, receivedAt: 1, receiptLookupHash: 1 };
      for await (const body of bodies.find({}, { projection, batchSize: SWEEP_BATCH })) {
        // A report stored before return visits existed, or whose receipt record a fault left out.
        if (!receiptIds.has(body.receiptLookupHash)) {
          await insertReceipt({ _id: body.receiptLookupHash, reportId: body._id });
        }
        if (activeIds.has(body._id) || archivedIds.has(body._id)) continue;
        await insertEntry(
          { _id: body._id, receivedAt: body.receivedAt, status: 'new' satisfies ActiveStatus },
          { now: true },
        );
        listed += 1;
      }
      const both = [...archivedIds].filter((id) => activeIds.has(id));
      for (const id of both) await active.deleteOne({ _id: id });
      return { listed, moved: both.length };
    },
  };
}
