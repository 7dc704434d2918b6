import mongoose, { type Connection } from 'mongoose';

import type { ModelRegistration } from './model';

export interface OpenDatabaseOptions {
  /** A connection string; the embedded engine's names a Unix socket. */
  uri: string;
  dbName: string;
  /** Every model the caller uses (backend/src/features/index.ts has the product's). */
  models: readonly ModelRegistration[];
  /** How long one operation may wait on the socket; the server keeps the default (see below). */
  socketTimeoutMS?: number;
}

/**
 * Connects, registers the given models and builds the indexes they declare,
 * so the first request never races index creation. Used by the server, the
 * admin CLI and the tests alike.
 */
export async function openDatabase({
  uri,
  dbName,
  models,
  socketTimeoutMS = 3_000,
}: OpenDatabaseOptions): Promise<Connection> {
  const db = await mongoose
    .createConnection(uri, {
      dbName,
      autoIndex: false,
      autoCreate: false,
      // A request fails at once when the database is gone, instead of waiting in a buffer.
      bufferCommands: false,
      // A frozen or unreachable engine costs a request at most about three seconds, then a 503
      // (database_unavailable, http/errors.ts) instead of a minute's wait. Lists and sweeps read in batches, each
      // far below this; the driver does not retry on its own (that would double the wait), the client retries
      // the same submission instead, which the server stores once.
      serverSelectionTimeoutMS: 2_500,
      connectTimeoutMS: 2_000,
      socketTimeoutMS,
      heartbeatFrequencyMS: 2_000,
      // Without this a request waiting for a connection from the pool waits forever (the driver's default, 0):
      // seen as submissions that never answered after the engine was killed (tests/api/engine-faults.test.ts).
      waitQueueTimeoutMS: 3_000,
      retryWrites: false,
      retryReads: false,
    })
    .asPromise();
  // Creating an index creates its collection too; both are no-ops when they exist.
  for (const register of models) await register(db).createIndexes();
  return db;
}
