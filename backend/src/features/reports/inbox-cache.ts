import { randomBytes } from 'node:crypto';

import type { ReportEntryRecord } from './model';

export type InboxView = 'active' | 'archive';

/**
 * Each instance's copy of an inbox view, checked against the database on
 * every read. The embedded engine evaluates every filter and sort in its own
 * code over the whole collection (DESIGN.md), so a filtered, sorted page cost
 * as much as decoding, filtering and sorting every entry: 150–280 ms for
 * 5 000 active reports (docs/benchmarks.md). Here the entries are read whole
 * once (no sort, so the engine only decodes them), and filtered and sorted in
 * memory for each page.
 *
 * It never goes stale, whichever instance writes: every write to a view
 * replaces that view's stamp (a random token, one document read by bare
 * `_id`) after the write, and every read reads the stamp before using the
 * copy. A copy made after reading stamp S holds every write whose stamp
 * change came before S; a later write changes the stamp, so the next read
 * loads again. A write whose stamp change was lost (the process died between
 * the two) is picked up by the next write or by the hourly sweep, which
 * replaces both stamps.
 */
export function inboxCache({
  readStamp,
  writeStamp,
  loadAll,
}: {
  readStamp: (view: InboxView) => Promise<string | null>;
  writeStamp: (view: InboxView, token: string) => Promise<void>;
  loadAll: (view: InboxView) => Promise<ReportEntryRecord[]>;
}) {
  const copies = new Map<InboxView, { stamp: string | null; rows: Promise<ReportEntryRecord[]> }>();
  // Stamp changes asked for while one is being written share the next write (each must follow its own data write).
  const pending = new Map<InboxView, { running: Promise<void> | null; again: Promise<void> | null }>();

  async function rows(view: InboxView): Promise<ReportEntryRecord[]> {
    const stamp = await readStamp(view);
    const copy = copies.get(view);
    if (copy && copy.stamp === stamp) return copy.rows;
    const loading = loadAll(view);
    copies.set(view, { stamp, rows: loading });
    try {
      return await loading;
    } catch (error) {
      if (copies.get(view)?.rows === loading) copies.delete(view);
      throw error;
    }
  }

  /** Called after every write to a view (never before: see above). */
  function touch(view: InboxView): Promise<void> {
    const state = pending.get(view) ?? { running: null, again: null };
    pending.set(view, state);
    if (!state.running) {
      state.running = writeStamp(view, randomBytes(12).toString('base64url')).finally(() => {
        state.running = null;
      });
      return state.running;
    }
    // One is being written: it may have started before this caller's data write ended, so one more follows it.
    state.again ??= state.running
      .catch(() => undefined)
      .then(() => {
        state.again = null;
        return touch(view);
      });
    return state.again;
  }

  return { rows, touch };
}
