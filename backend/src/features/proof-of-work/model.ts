import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/**
 * A challenge that has been used. Its _id is the challenge's SHA-256, so
 * spending one is an insert and a second use fails on the unique _id, on the
 * embedded engine as on MongoDB, with any number of server instances.
 */
export interface SpentChallengeRecord {
  _id: string;
  /** The hour after which the challenge could not be used anyway; the sweep removes the record then. */
  expiresAt: Date;
}

/** The key challenges are signed with: one per platform, shared by every server instance through the database. */
export interface ChallengeKeyRecord {
  _id: 'proof-of-work';
  key: string;
}

const spentSchema = new Schema<SpentChallengeRecord>(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'spent_challenges' },
);
spentSchema.index({ expiresAt: 1 });

const keySchema = new Schema<ChallengeKeyRecord>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
  },
  { versionKey: false, collection: 'challenge_keys' },
);

export const spentChallengeModel = (db: Connection) => modelOf(db, 'SpentChallenge', spentSchema);
export const challengeKeyModel = (db: Connection) => modelOf(db, 'ChallengeKey', keySchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const proofOfWorkModels: readonly ModelRegistration[] = [spentChallengeModel, challengeKeyModel];
