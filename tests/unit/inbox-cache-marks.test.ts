import { inboxCache, type InboxView } from '../../backend/src/features/reports/inbox-cache';

/**
 * The marks that follow writes to a view (inbox-cache.ts): the entries one
 * insert acknowledged together are marked by one stamp write, and a mark
 * asked for while one is being written gets a write of its own that starts
 * after it. The database side is covered by the inbox and triage api tests;
 * here the order of the calls is the point.
 */
function withRecordedMarks() {
  const writes: { view: InboxView; ids: string[]; finish: () => void }[] = [];
  const write = (view: InboxView, ids: string[] = []) =>
    new Promise<void>((resolve) => writes.push({ view, ids, finish: resolve }));
  const cache = inboxCache({
    readStamp: async () => ({ seq: 0, arrivals: null }),
    readChanges: async () => [],
    logChange: (view, ids) => write(view, ids),
    markArrivals: (view) => write(view),
    loadAll: async () => [],
    loadSome: async () => [],
  });
  return { cache, writes };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('inbox view marks', () => {
  it('marks the arrivals one insert acknowledged together with one write', async () => {
    const { cache, writes } = withRecordedMarks();
    // Five callers whose entries one insert acknowledged: they ask in the same turn.
    const marks = Array.from({ length: 5 }, () => cache.arrived('active'));
    await settle();
    expect(writes).toHaveLength(1);
    writes[0]!.finish();
    await settle();
    expect(writes).toHaveLength(1);
    for (const w of writes) w.finish();
    await Promise.all(marks);
  });

  it('gives a mark asked for during a write a write of its own, after it, shared by all who asked meanwhile', async () => {
    const { cache, writes } = withRecordedMarks();
    const first = cache.changed('active', ['a']);
    await settle();
    expect(writes.map((w) => w.ids)).toEqual([['a']]);
    const during = [cache.changed('active', ['b']), cache.changed('active', ['c'])];
    await settle();
    // Not before the first write ends: its data write may have come after the first mark was sent.
    expect(writes).toHaveLength(1);
    writes[0]!.finish();
    await first;
    await settle();
    expect(writes.map((w) => w.ids)).toEqual([['a'], ['b', 'c']]);
    writes[1]!.finish();
    await Promise.all(during);
  });

  it('keeps the views apart', async () => {
    const { cache, writes } = withRecordedMarks();
    const marks = [cache.arrived('active'), cache.arrived('archive')];
    await settle();
    expect(writes.map((w) => w.view).sort()).toEqual(['active', 'archive']);
    for (const w of writes) w.finish();
    await Promise.all(marks);
  });
});
