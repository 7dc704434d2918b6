import mongoose, { type Connection } from 'mongoose';

import { agencyKeyModel } from '../features/agency-key/model';
import { challengeKeyModel, spentChallengeModel } from '../features/proof-of-work/model';
import { activeReportModel, archivedReportModel, reportBodyModel } from '../features/reports/model';
import { reviewerModel, sessionModel } from '../features/reviewers/model';

/**
 * Connects, registers every model and builds the indexes they declare, so the
 * first request never races index creation. Used by the server, the admin
 * CLI and the tests alike.
 */
export async function openDatabase(uri: string, dbName: string): Promise<Connection> {
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
      socketTimeoutMS: 3_000,
      heartbeatFrequencyMS: 2_000,
      retryWrites: false,
      retryReads: false,
    })
    .asPromise();
  const models = [
    agencyKeyModel(db),
    activeReportModel(db),
    archivedReportModel(db),
    reportBodyModel(db),
    reviewerModel(db),
    sessionModel(db),
    spentChallengeModel(db),
    challengeKeyModel(db),
  ];
  // Creating an index creates its collection too; both are no-ops when they exist.
  for (const model of models) await model.createIndexes();
  return db;
}
