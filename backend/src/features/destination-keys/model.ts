import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/**
 * The public key of a body referrals are exported to (a prosecutor's office,
 * an investigating body), registered by an administrator. A handful per
 * agency: the collection is listed whole (the embedded engine scans it, a few
 * documents) and read by `_id` otherwise.
 */
export interface DestinationKeyRecord {
  /** The key's fingerprint (40 hex digits). */
  _id: string;
  /** What the administrator calls the receiving body (shown to reviewers when they export). */
  name: string;
  /** The key's own first user ID. */
  userId: string;
  /** Re-armored from exactly its checked packets. */
  armoredPublicKey: string;
  createdAt: Date;
  createdBy: string;
}

const schema = new Schema<DestinationKeyRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    userId: { type: String, default: '' },
    armoredPublicKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { versionKey: false, collection: 'destination_keys' },
);

export const destinationKeyModel = (db: Connection) => modelOf(db, 'DestinationKey', schema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const destinationKeyModels: readonly ModelRegistration[] = [destinationKeyModel];
