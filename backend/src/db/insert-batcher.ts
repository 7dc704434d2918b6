import mongoose from 'mongoose';

/** What a batched insert ends with for one document. */
export type InsertOutcome = 'inserted' | 'duplicate';

interface Waiting<T> {
  document: T;
  /** Someone waits on it: it does not linger. */
  now: boolean;
  resolve(outcome: InsertOutcome): void;
  reject(error: unknown): void;
}

/** Enough to fill one round trip without holding large reports in memory for long. */
const MAX_BATCH = 64;

/**
 * Group commit for inserts into one collection: while one `insertMany` is in
 * flight, inserts that arrive wait and go together in the next one. With one
 * caller at a time this is a plain insert; under concurrent load the engine
 * commits many documents per transaction instead of one (the embedded engine
 * writes ten documents in one call in about the time of three single inserts:
 * docs/benchmarks.md). Each caller learns only its own document's outcome, and
 * only after the engine acknowledged it: an unordered insert, so one duplicate
 * does not stop the others.
 *
 * `lingerMs`, for writes nobody waits on: the first insert into an empty
 * queue waits that long for others to join it (a full batch, or anyone
 * waiting for `idle`, sends it at once), so even one caller at a time shares
 * its round trips and the engine's transactions.
 */
export function insertBatcher<T extends object>(
  collection: {
    insertMany(docs: T[], options: object): Promise<unknown>;
    /** Used for a batch of one, where it is cheaper than `insertMany` (the driver's bulk machinery); optional. */
    insertOne?(doc: T): Promise<unknown>;
  },
  { lingerMs = 0 }: { lingerMs?: number } = {},
) {
  let queue: Waiting<T>[] = [];
  let inFlight = false;
  let idleWaiters: (() => void)[] = [];
  let lingering: NodeJS.Timeout | null = null;

  async function flush(now = false): Promise<void> {
    if (inFlight) return;
    if (queue.length === 0) {
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
      return;
    }
    const linger = lingerMs > 0 && !now && queue.length < MAX_BATCH && idleWaiters.length === 0;
    if (linger && !queue.some((w) => w.now)) {
      // Unref'd: a lingering batch never keeps the process alive (shutdown waits for `idle`, which sends it).
      lingering ??= setTimeout(() => {
        lingering = null;
        void flush(true);
      }, lingerMs).unref();
      return;
    }
    if (lingering) clearTimeout(lingering);
    lingering = null;
    inFlight = true;
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    try {
      // One caller at a time (the usual case at low load) takes the driver's single insert, which skips its bulk
      // write machinery (the same command to the engine, less work in Node); several share one insertMany.
      if (batch.length === 1 && collection.insertOne) await collection.insertOne(batch[0]!.document);
      else
        await collection.insertMany(
          batch.map((w) => w.document),
          { ordered: false },
        );
      for (const waiting of batch) waiting.resolve('inserted');
    } catch (error) {
      try {
        settleFailed(batch, error);
      } catch {
        // An error of a shape settleFailed did not expect must not leave its callers waiting forever.
      }
      // Every caller not answered above is in doubt (a settled promise ignores this).
      for (const waiting of batch) waiting.reject(error);
    } finally {
      inFlight = false;
      void flush();
    }
  }

  /** `now`: someone waits on this one, so it goes without lingering (with whatever else is queued). */
  const insert = (document: T, { now = false }: { now?: boolean } = {}): Promise<InsertOutcome> =>
    new Promise((resolve, reject) => {
      queue.push({ document, now, resolve, reject });
      void flush();
    });
  /** Resolves once every insert asked for so far has been answered; a lingering batch goes at once. */
  function idle(): Promise<void> {
    if (!inFlight && queue.length === 0) return Promise.resolve();
    const settled = new Promise<void>((resolve) => idleWaiters.push(resolve));
    void flush();
    return settled;
  }
  return Object.assign(insert, { idle });
}

const isDuplicateKeyError = (error: unknown) =>
  error instanceof mongoose.mongo.MongoServerError &&
  !(error instanceof mongoose.mongo.MongoBulkWriteError) &&
  error.code === 11000;

/**
 * An unordered insert that failed names the documents it refused; the others
 * were written. Duplicates are an answer, not a fault. Any other failure (the
 * engine unreachable, a timeout) leaves every document of the batch in doubt,
 * so each caller gets the error and decides (the reports service checks by _id).
 */
function settleFailed<T>(batch: Waiting<T>[], error: unknown): void {
  // A single insert (insertOne) that met a duplicate key says so with the server's own error.
  if (batch.length === 1 && isDuplicateKeyError(error)) {
    batch[0]!.resolve('duplicate');
    return;
  }
  if (!(error instanceof mongoose.mongo.MongoBulkWriteError) || error.writeConcernError) {
    for (const waiting of batch) waiting.reject(error);
    return;
  }
  const writeErrors = Array.isArray(error.writeErrors)
    ? error.writeErrors
    : error.writeErrors
      ? [error.writeErrors]
      : [];
  const failed = new Map(writeErrors.map((w) => [w.index, w]));
  // A bulk error that names fewer documents than it refused (the driver stopped early) leaves the rest in doubt.
  const inserted = (error.result?.insertedCount ?? -1) + failed.size === batch.length;
  batch.forEach((waiting, index) => {
    const writeError = failed.get(index);
    if (writeError?.code === 11000) waiting.resolve('duplicate');
    else if (writeError) waiting.reject(error);
    else if (inserted) waiting.resolve('inserted');
    else waiting.reject(error);
  });
}
