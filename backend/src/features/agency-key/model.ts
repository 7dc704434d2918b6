import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

export interface AgencyKeyRecord {
  /** The key's fingerprint (40 hex digits). */
  _id: string;
  armoredPublicKey: string;
  /** Key IDs a report addressed to this key names in its PKESK packets. */
  encryptionKeyIds: string[];
  createdAt: Date;
  /** Set when a newer key replaced this one; reports already encrypted to it stay readable with its private key. */
  retiredAt: Date | null;
}

const schema = new Schema<AgencyKeyRecord>(
  {
    _id: { type: String, required: true },
    armoredPublicKey: { type: String, required: true },
    encryptionKeyIds: { type: [String], required: true },
    createdAt: { type: Date, required: true },
    retiredAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'agency_keys' },
);
schema.index({ retiredAt: 1, createdAt: -1 });

export const agencyKeyModel = (db: Connection) => modelOf(db, 'AgencyKey', schema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const agencyKeyModels: readonly ModelRegistration[] = [agencyKeyModel];
