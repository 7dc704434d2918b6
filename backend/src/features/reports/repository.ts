import { randomBytes } from 'node:crypto';

import type { Connection } from 'mongoose';

import { insertBatcher, type InsertOutcome } from '../../db/insert-batcher';
import { inboxCache, type InboxView } from './inbox-cache';
import {
  activeReportModel,
  archivedReportModel,
  inboxChangeModel,
  inboxStampModel,
  receiptLookupModel,
  reportBodyModel,
  reportChangeModel,
  type ActiveStatus,
  type ArchivedStatus,
  type InboxChangeRecord,
  type InboxStampRecord,
  type ReceiptLookupRecord,
  type ReportBodyRecord,
  type ReportChangeRecord,
  type ReportEntryRecord,
} from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type ReportRepository = ReturnType<typeof reportRepository>;
export type { InboxView } from './inbox-cache';

/** Numbers tried when other instances log changes at the same moment. */
const MAX_LOG_TRIES = 1000;
/** Log entries kept behind the newest (older ones are pruned by the sweep; a reader that far behind reloads). */
const KEEP_LOGGED = 1000;

/** Rows per round trip when the sweep reads everything: each batch well inside the driver's socket timeout. */
const SWEEP_BATCH = 500;

/**
 * How long an inbox entry (and a receipt's lookup record) waits for others to
 * share its insert. Nobody waits on it (the submission was answered when its
 * body was stored), and each insert costs the embedded engine a fixed half
 * millisecond or so of CPU, more when it meets the next body's insert in the
 * engine (docs/benchmarks.md, ingest); this instance's own reads send it at
 * once (`settled`), another instance's inbox shows the report at most this
 * much later, which no reader can tell from the report arriving later.
 */
const ENTRY_LINGER_MS = 200;

/** An entry that could not be written is tried again this often, this many times, before the sweep's turn. */
const RELIST_DELAY_MS = 5_000;
const RELIST_ATTEMPTS = 6;

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
  // Like the entries: written after the answer, nobody waits on it, so it lingers to share an insert.
  const insertReceipt = insertBatcher(receipts, { lingerMs: ENTRY_LINGER_MS });
  // The driver's collections, typed: the string _id is ours, not an ObjectId.
  const bodies = db.collection<ReportBodyRecord>(Bodies.collection.collectionName);
  const active = db.collection<ReportEntryRecord>(Active.collection.collectionName);
  const archive = db.collection<ReportEntryRecord>(Archive.collection.collectionName);
  const history = db.collection<ReportChangeRecord>(reportChangeModel(db).collection.collectionName);
  const stamps = db.collection<InboxStampRecord>(inboxStampModel(db).collection.collectionName);
  const insertBody = insertBatcher(bodies);
  const insertEntry = insertBatcher(active, { lingerMs: ENTRY_LINGER_MS });
  const rawEntries = (view: InboxView) => (view === 'active' ? active : archive);
  const changeLog = db.collection<InboxChangeRecord>(inboxChangeModel(db).collection.collectionName);
  const readStamp = async (view: InboxView) => {
    const stamp = await stamps.findOne({ _id: view });
    return { seq: stamp?.seq ?? 0, arrivals: stamp?.arrivals ?? null };
  };
  const cache = inboxCache({
    readStamp,
    async readChanges(view, from, to) {
      const found = await Promise.all(
        Array.from({ length: to - from + 1 }, (_, i) => changeLog.findOne({ _id: `${view}:${from + i}` })),
      );
      return found.every((c) => c !== null) ? found.map((c) => c!.ids) : null;
    },
    // Claims the next number by inserting it (one writer wins each), then raises the stamp to it.
    async logChange(view, ids) {
      let seq = (await readStamp(view)).seq + 1;
      for (let tries = 0; tries < MAX_LOG_TRIES; tries++, seq++) {
        try {
          await changeLog.insertOne({ _id: `${view}:${seq}`, view, seq, ids });
        } catch (error) {
          if (isDuplicateKey(error)) continue;
          throw error;
        }
        await upsertStamp(view, { $max: { seq } });
        return;
      }
      throw new Error('the inbox change log could not be appended to (too many concurrent writers)');
    },
    markArrivals: (view) => upsertStamp(view, { $set: { arrivals: randomBytes(12).toString('base64url') } }),
    // No sort and no filter: the engine only decodes the entries (a sort would be done in its code, slower); in
    // batches, each well inside the socket timeout however large the view.
    loadAll: (view) => rawEntries(view).find({}, { batchSize: SWEEP_BATCH }).toArray(),
    // By bare `_id`, each from the index.
    loadSome: async (view, ids) =>
      (await Promise.all(ids.map((id) => rawEntries(view).findOne({ _id: id })))).filter(
        (e): e is NonNullable<typeof e> => e !== null,
      ) as ReportEntryRecord[],
  });
  /** Two instances creating a view's stamp at once: one insert wins, the other updates it. */
  async function upsertStamp(view: InboxView, update: object): Promise<void> {
    try {
      await stamps.updateOne({ _id: view }, update, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await stamps.updateOne({ _id: view }, update);
    }
  }
  /** Every write to a view ends here, after the write: the other instances' copies of it are then out of date. */
  const touching = new Set<Promise<unknown>>();
  const afterWrite = async <T>(write: Promise<T>, marks: () => Promise<unknown>[]): Promise<T> => {
    const result = await write;
    const mark = Promise.all(marks());
    touching.add(mark);
    try {
      await mark;
    } finally {
      touching.delete(mark);
    }
    return result;
  };
  const changed = <T>(write: Promise<T>, views: InboxView[], ids: string[]) =>
    afterWrite(write, () => views.map((view) => cache.changed(view, ids)));
  const arrived = <T>(write: Promise<T>, view: InboxView) => afterWrite(write, () => [cache.arrived(view)]);

  /**
   * The entry wherever it is, and which view holds it. An interrupted move
   * leaves it in both: the copy at the higher version is the report's state,
   * the archive's on a tie (a move into it is the usual one).
   */
  async function locate(id: string): Promise<{ entry: ReportEntryRecord; view: InboxView } | null> {
    const [inActive, inArchive] = await Promise.all([
      active.findOne({ _id: id }) as Promise<ReportEntryRecord | null>,
      archive.findOne({ _id: id }) as Promise<ReportEntryRecord | null>,
    ]);
    if (inActive && (!inArchive || (inActive.version ?? 0) > (inArchive.version ?? 0))) {
      return { entry: inActive, view: 'active' };
    }
    return inArchive ? { entry: inArchive, view: 'archive' } : null;
  }
  const findEntry = async (id: string) => (await locate(id))?.entry ?? null;

  async function move(entry: ReportEntryRecord, to: InboxView, state: ReportEntryRecord): Promise<void> {
    const from: InboxView = to === 'active' ? 'archive' : 'active';
    const write = async () => {
      try {
        await rawEntries(to).insertOne(state);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await rawEntries(to).replaceOne({ _id: entry._id }, state);
      }
      await rawEntries(from).deleteOne({ _id: entry._id });
    };
    await changed(write(), [to, from], [entry._id]);
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
      await arrived(insertEntry(entry, { now: true }), 'active');
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
        arrived(insertEntry(entry), 'active').catch(() => {
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

    /** Waits for this instance's entries still being written, so its own reads see every report it acknowledged. */
    async settled(): Promise<void> {
      await Promise.all([insertEntry.idle(), insertReceipt.idle()]);
      // The stamp change follows the insert; until it is written this instance's copy would not show the entry.
      await Promise.allSettled([...touching]);
    },

    async findBody(id: string): Promise<ReportBodyRecord | null> {
      return Bodies.findById(id).lean<ReportBodyRecord>().exec();
    },

    findEntry,
    locate,

    /** Records a change; false when that version of the report is already taken (another reviewer's change). */
    async insertChange(change: ReportChangeRecord): Promise<boolean> {
      try {
        await history.insertOne(change);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    findChange: (reportId: string, version: number) => history.findOne({ _id: `${reportId}:${version}` }),

    /** Versions 1…`upTo` of a report's history, each a bare `_id` lookup, in parallel. */
    async changes(reportId: string, upTo: number): Promise<ReportChangeRecord[]> {
      const found = await Promise.all(
        Array.from({ length: upTo }, (_, i) => history.findOne({ _id: `${reportId}:${i + 1}` })),
      );
      return found.filter((c): c is NonNullable<typeof c> => c !== null) as ReportChangeRecord[];
    },

    /** Entry and body together, read in parallel: opening a report waits for one round trip. */
    async findWithBody(id: string) {
      const [located, body] = await Promise.all([locate(id), Bodies.findById(id).lean<ReportBodyRecord>().exec()]);
      return located && body ? { entry: located.entry, body } : null;
    },

    /** Every entry of a view, from this instance's copy, current as of this call (inbox-cache.ts). */
    rows: (view: InboxView) => cache.rows(view),

    /**
     * Moves a report out of the active set: into the archive first, then out
     * of the inbox, so it is never in neither. Repeating it finishes an
     * interrupted move; the sweep does the same for moves a crash cut short.
     */
    async archive(id: string, status: ArchivedStatus): Promise<boolean> {
      const entry = await findEntry(id);
      if (!entry) return false;
      await move(entry, 'archive', { ...entry, status });
      return true;
    },

    /**
     * Writes an entry's new state into `to` and takes it out of the other
     * view, in that order, so it is never in neither (an interrupted move is
     * in both, and the sweep keeps the archive's copy).
     */
    move,

    /** Sets an entry's workflow fields where it is, if it is still at version `from` (the entry's `version`). */
    async updateEntry(view: InboxView, id: string, from: number, set: Partial<ReportEntryRecord>): Promise<boolean> {
      const versionFilter = from === 0 ? { $in: [0, null] } : from;
      const result = await changed(
        rawEntries(view).updateOne({ _id: id, version: versionFilter } as never, { $set: set }),
        [view],
        [id],
      );
      return result.matchedCount === 1;
    },

    /** For seeding and tests: an entry written straight into either set. */
    async insertEntries(view: InboxView, rows: ReportEntryRecord[]): Promise<void> {
      if (rows.length > 0) await arrived(rawEntries(view).insertMany(rows, { ordered: false }), view);
    },

    /**
     * For the messages feature: a reporter's (or their lawyer's) reply waits
     * unread (true), or a reviewer read it (false). A reply is marked as an
     * arrival is, with no id logged: its place in the change log, among
     * reviewers' changes whose exact times the audit log keeps, would date
     * it finer than the hour. A reviewer's reading is logged as their changes are.
     */
    async setUnreadReplies(id: string, unreadReplies: boolean): Promise<void> {
      const write = Promise.all([
        active.updateOne({ _id: id }, { $set: { unreadReplies } }),
        archive.updateOne({ _id: id }, { $set: { unreadReplies } }),
      ]);
      if (unreadReplies) await afterWrite(write, () => [cache.arrived('active'), cache.arrived('archive')]);
      else await changed(write, ['active', 'archive'], [id]);
    },

    /**
     * Finds what a fault left half-done and finishes it: a body with no entry
     * (the second write never happened) gets its entry, so an acknowledged
     * report is never lost; an entry in both sets (a move cut short) leaves the
     * active one. Reads every id; on the embedded engine this scans the bodies
     * (seconds at 20 000 reports), which is why it runs at start and hourly only.
     * A change whose history entry was written but not its entry is finished
     * when the report is next read or changed (triage.ts).
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
          await insertReceipt({ _id: body.receiptLookupHash, reportId: body._id }, { now: true });
        }
        if (activeIds.has(body._id) || archivedIds.has(body._id)) continue;
        await insertEntry(
          { _id: body._id, receivedAt: body.receivedAt, status: 'new' satisfies ActiveStatus },
          { now: true },
        );
        listed += 1;
      }
      // A move cut short: the copy at the higher version is the report's state (the archive's on a tie).
      const both = [...archivedIds].filter((id) => activeIds.has(id));
      for (const id of both) {
        const [inActive, inArchive] = await Promise.all([active.findOne({ _id: id }), archive.findOne({ _id: id })]);
        const stale = (inActive?.version ?? 0) > (inArchive?.version ?? 0) ? archive : active;
        await stale.deleteOne({ _id: id });
      }
      // Also covers a write whose mark a crash lost (inbox-cache.ts); and the change log keeps its tail only.
      await Promise.all([cache.arrived('active'), cache.arrived('archive')]);
      for (const view of ['active', 'archive'] as const) {
        const { seq } = await readStamp(view);
        await changeLog.deleteMany({ view, seq: { $lte: seq - KEEP_LOGGED } });
      }
      return { listed, moved: both.length };
    },
  };
}
