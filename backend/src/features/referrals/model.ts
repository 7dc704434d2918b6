import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/**
 * One Article 412-1 referral made from a report: the reviewer's document,
 * encrypted in the browser to the recipient set. Its `_id` is
 * `<report id>.<n>` (n = 1, 2, …), so the referrals of a report are read by
 * `_id` one after another (the only lookup the embedded engine answers from an
 * index) and two reviewers saving at once each get their own number (the
 * unique `_id` decides). Nothing here is plaintext of the referral: the
 * outgoing number and date, the addressee and every fact are in the ciphertext.
 */
export interface ReferralRecord {
  _id: string;
  reportId: string;
  seq: number;
  envelopeVersion: number;
  /** Ciphertext, re-armored from its checked packets. */
  armoredReferral: string;
  /** Exact: a reviewer's action, not a reporter's. */
  createdAt: Date;
  createdBy: string;
}

const schema = new Schema<ReferralRecord>(
  {
    _id: { type: String, required: true },
    reportId: { type: String, required: true },
    seq: { type: Number, required: true },
    envelopeVersion: { type: Number, required: true },
    armoredReferral: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { versionKey: false, collection: 'referrals' },
);

export const referralModel = (db: Connection) => modelOf(db, 'Referral', schema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const referralModels: readonly ModelRegistration[] = [referralModel];
