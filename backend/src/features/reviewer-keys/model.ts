import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/** The agency's certification of a reviewer key, as the administrator's browser made it and the server checked it. */
export interface CertificationRecord {
  /** The reviewer's public key with the agency certification added, as served to reporters' browsers. */
  armoredCertifiedKey: string;
  /** The agency key that certified it: a certification by a retired agency key no longer counts. */
  agencyFingerprint: string;
  /** The administrator who uploaded it. */
  certifiedBy: string;
  certifiedAt: Date;
}

/**
 * A reviewer's own key pair, one per reviewer, `_id` their username (a bare
 * `_id` lookup at every login). The private half is encrypted with the
 * reviewer's key passphrase, which the server never sees.
 */
export interface ReviewerKeyRecord {
  _id: string;
  fingerprint: string;
  /** As uploaded at the first login, without certifications: what a certification is checked against. */
  armoredPublicKey: string;
  armoredPrivateKey: string;
  /** The key IDs a message to this key names in its PKESK packets. */
  encryptionKeyIds: string[];
  createdAt: Date;
  certification: CertificationRecord | null;
}

const certificationSchema = new Schema<CertificationRecord>(
  {
    armoredCertifiedKey: { type: String, required: true },
    agencyFingerprint: { type: String, required: true },
    certifiedBy: { type: String, required: true },
    certifiedAt: { type: Date, required: true },
  },
  { _id: false },
);

const schema = new Schema<ReviewerKeyRecord>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    armoredPublicKey: { type: String, required: true },
    armoredPrivateKey: { type: String, required: true },
    encryptionKeyIds: { type: [String], required: true },
    createdAt: { type: Date, required: true },
    certification: { type: certificationSchema, default: null },
  },
  { versionKey: false, collection: 'reviewer_keys' },
);
// One key per fingerprint: the same key cannot be stored for two reviewers.
schema.index({ fingerprint: 1 }, { unique: true });

export const reviewerKeyModel = (db: Connection) => modelOf(db, 'ReviewerKey', schema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const reviewerKeyModels: readonly ModelRegistration[] = [reviewerKeyModel];
