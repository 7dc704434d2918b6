import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/**
 * A reviewer's internal note on a report: ciphertext to the recipient set
 * (agency and reviewer keys, never the reporter's), numbered per report.
 * `_id` is `<report id>:<n>`, so adding one claims its number by inserting
 * it, and a report's notes are read by bare `_id` lookups.
 */
export interface NoteRecord {
  _id: string;
  reportId: string;
  n: number;
  /** The reviewer's username. */
  author: string;
  /** Exact: a reviewer's action. */
  at: Date;
  armoredNote: string;
}

const noteSchema = new Schema<NoteRecord>(
  {
    _id: { type: String, required: true },
    reportId: { type: String, required: true },
    n: { type: Number, required: true },
    author: { type: String, required: true },
    at: { type: Date, required: true },
    armoredNote: { type: String, required: true },
  },
  { versionKey: false, collection: 'report_notes' },
);

export const noteModel = (db: Connection) => modelOf(db, 'ReportNote', noteSchema);
export const noteModels: readonly ModelRegistration[] = [noteModel];
