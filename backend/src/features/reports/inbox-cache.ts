import type { ReportEntryRecord } from './model';

export type InboxView = 'active' | 'archive';

/** A view's stamp: the number of its newest logged change, and a token replaced at every arrival. */
export interface ViewStamp {
  seq: number;
  arrivals: string | null;
}

/** Beyond these, reading the whole view again is cheaper than catching up. */
const MAX_STEPS = 200;
const MAX_IDS = 500;

/**
 * Each instance's copy of an inbox view, checked against the database on
 * every read. The embedded engine evaluates every filter and sort in its own
 * code over the whole collection (DESIGN.md), so a filtered, sorted page cost
 * as much as decoding, filtering and sorting every entry: 150–280 ms for
 * 5 000 active reports (docs/benchmarks.md). Here the entries are read whole
 * once (no sort, so the engine only decodes them), then kept current and
 * filtered and sorted in memory for each page.
 *
 * It never goes stale, whichever instance writes. Every write to a view is
 * followed (never preceded) by a mark in the database, and every read reads
 * the view's stamp (one document, by bare `_id`) before using the copy:
 * - a reviewer's change (or a move, or a reviewer reading a thread) logs the
 *   ids it wrote under the view's next sequence number (`inbox_changes`,
 *   claimed by inserting it, so two writers never share a number) and raises
 *   the stamp's `seq`; a reader behind it reads those log entries and those
 *   entries by `_id`, a few milliseconds;
 * - a report's arrival (and a reporter's or lawyer's reply, which flags the
 *   report unread) replaces the stamp's `arrivals` token and logs no id: a
 *   log of them ordered among reviewers' timed actions would date them finer
 *   than the hour. A reader that sees a new token reads the view
 *   again (reports arrive a few an hour).
 * A write whose mark a crash lost is picked up by the next write to that view
 * or by the hourly sweep, which replaces both tokens.
 */
export function inboxCache({
  readStamp,
  readChanges,
  logChange,
  markArrivals,
  loadAll,
  loadSome,
}: {
  readStamp: (view: InboxView) => Promise<ViewStamp>;
  /** The ids logged under each sequence number from `from` to `to`; null if any is missing (pruned). */
  readChanges: (view: InboxView, from: number, to: number) => Promise<string[][] | null>;
  logChange: (view: InboxView, ids: string[]) => Promise<void>;
  markArrivals: (view: InboxView) => Promise<void>;
  loadAll: (view: InboxView) => Promise<ReportEntryRecord[]>;
  loadSome: (view: InboxView, ids: string[]) => Promise<ReportEntryRecord[]>;
}) {
  interface Copy {
    stamp: ViewStamp;
    byId: Map<string, ReportEntryRecord>;
    list: ReportEntryRecord[] | null;
  }
  const copies = new Map<InboxView, Copy>();
  // One refresh of a view at a time in this instance; readers queue behind it.
  const queues = new Map<InboxView, Promise<unknown>>();

  async function reload(view: InboxView, stamp: ViewStamp): Promise<Copy> {
    const rows = await loadAll(view);
    const copy: Copy = { stamp, byId: new Map(rows.map((r) => [r._id, r])), list: rows };
    copies.set(view, copy);
    return copy;
  }

  async function refresh(view: InboxView): Promise<ReportEntryRecord[]> {
    const stamp = await readStamp(view);
    let copy = copies.get(view);
    if (!copy || copy.stamp.arrivals !== stamp.arrivals || stamp.seq - copy.stamp.seq > MAX_STEPS) {
      copy = await reload(view, stamp);
    } else if (stamp.seq > copy.stamp.seq) {
      const logged = await readChanges(view, copy.stamp.seq + 1, stamp.seq);
      const ids = logged ? [...new Set(logged.flat())] : null;
      if (!ids || ids.length > MAX_IDS) {
        copy = await reload(view, stamp);
      } else {
        const found = await loadSome(view, ids);
        for (const id of ids) copy.byId.delete(id);
        for (const entry of found) copy.byId.set(entry._id, entry);
        copy.stamp = stamp;
        copy.list = null;
      }
    }
    copy.list ??= [...copy.byId.values()];
    return copy.list;
  }

  function rows(view: InboxView): Promise<ReportEntryRecord[]> {
    const previous = queues.get(view) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => refresh(view));
    queues.set(view, next);
    return next.catch((error: unknown) => {
      copies.delete(view);
      throw error;
    });
  }

  // Marks asked for before a write starts share it; those asked for while one is being written share the next
  // (each must follow its own data write, and one that starts after it does). A write starts a microtask after
  // it is first asked for, so the entries one insert acknowledged together (whose callers all ask at once) are
  // marked by one write, not two.
  function coalesced(write: (view: InboxView, ids: string[]) => Promise<void>) {
    const state = new Map<InboxView, { running: Promise<void> | null; next: Promise<void> | null; ids: string[] }>();
    return (view: InboxView, ids: string[]): Promise<void> => {
      const s = state.get(view) ?? { running: null, next: null, ids: [] };
      state.set(view, s);
      s.ids.push(...ids);
      s.next ??= (s.running ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          s.next = null;
          const running = write(view, s.ids.splice(0)).finally(() => {
            if (s.running === running) s.running = null;
          });
          s.running = running;
          return running;
        });
      return s.next;
    };
  }

  const arrivals = coalesced((view) => markArrivals(view));
  return {
    rows,
    /** After a write of these entries in this view. */
    changed: coalesced(logChange),
    /** After new entries arrived in this view (ids are not logged). */
    arrived: (view: InboxView) => arrivals(view, []),
  };
}
