import mongoose, { type Connection } from 'mongoose';

import { agencyKeyModel } from '../features/agency-key/model';
import { challengeKeyModel, spentChallengeModel } from '../features/proof-of-work/model';
import { reportBodyModel, reportModel } from '../features/reports/model';
import { loginAttemptModel, reviewerModel, sessionModel } from '../features/reviewers/model';

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
      serverSelectionTimeoutMS: 10_000,
    })
    .asPromise();
  const models = [
    agencyKeyModel(db),
    reportModel(db),
    reportBodyModel(db),
    reviewerModel(db),
    sessionModel(db),
    loginAttemptModel(db),
    spentChallengeModel(db),
    challengeKeyModel(db),
  ];
  // Creating an index creates its collection too; both are no-ops when they exist.
  for (const model of models) await model.createIndexes();
  return db;
}
