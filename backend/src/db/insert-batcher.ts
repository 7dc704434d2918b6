import mongoose from 'mongoose';

/** What a batched insert ends with for one document. */
export type InsertOutcome = 'inserted' | 'duplicate';

interface Waiting<T> {
  document: T;
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
 */
export function insertBatcher<T extends object>(collection: {
  insertMany(docs: T[], options: object): Promise<unknown>;
}) {
  let queue: Waiting<T>[] = [];
  let inFlight = false;
  let idleWaiters: (() => void)[] = [];

  async function flush(): Promise<void> {
    if (inFlight) return;
    if (queue.length === 0) {
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
      return;
    }
    inFlight = true;
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    try {
      await collection.insertMany(
        batch.map((w) => w.document),
        { ordered: false },
      );
      for (const waiting of batch) waiting.resolve('inserted');
    } catch (error) {
      settleFailed(batch, error);
    } finally {
      inFlight = false;
      void flush();
    }
  }

  const insert = (document: T): Promise<InsertOutcome> =>
    new Promise((resolve, reject) => {
      queue.push({ document, resolve, reject });
      void flush();
    });
  /** Resolves once every insert asked for so far has been answered. */
  const idle = (): Promise<void> =>
    !inFlight && queue.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
  return Object.assign(insert, { idle });
}

/**
 * An unordered insert that failed names the documents it refused; the others
 * were written. Duplicates are an answer, not a fault. Any other failure (the
 * engine unreachable, a timeout) leaves every document of the batch in doubt,
 * so each caller gets the error and decides (the reports service checks by _id).
 */
function settleFailed<T>(batch: Waiting<T>[], error: unknown): void {
  if (!(error instanceof mongoose.mongo.MongoBulkWriteError) || error.writeConcernError) {
    for (const waiting of batch) waiting.reject(error);
    return;
  }
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  const failed = new Map(writeErrors.map((w) => [w.index, w]));
  // A bulk error that names fewer documents than it refused (the driver stopped early) leaves the rest in doubt.
  const inserted = error.result.insertedCount + failed.size === batch.length;
  batch.forEach((waiting, index) => {
    const writeError = failed.get(index);
    if (writeError?.code === 11000) waiting.resolve('duplicate');
    else if (writeError) waiting.reject(error);
    else if (inserted) waiting.resolve('inserted');
    else waiting.reject(error);
  });
}
