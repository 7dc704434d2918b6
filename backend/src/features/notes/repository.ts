import type { Connection } from 'mongoose';

import { noteModel, type NoteRecord } from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type NoteRepository = ReturnType<typeof noteRepository>;

/** Lookups per round of reading a report's notes (they are few: a round usually ends the list). */
const READ_AHEAD = 16;

export function noteRepository(db: Connection) {
  const notes = db.collection<NoteRecord>(noteModel(db).collection.collectionName);
  return {
    /** Notes 1, 2, … of a report until the first number not stored, by bare `_id` lookups in rounds. */
    async list(reportId: string): Promise<NoteRecord[]> {
      const found: NoteRecord[] = [];
      for (let from = 1; ; from += READ_AHEAD) {
        const round = await Promise.all(
          Array.from({ length: READ_AHEAD }, (_, i) => notes.findOne({ _id: `${reportId}:${from + i}` })),
        );
        const end = round.indexOf(null);
        found.push(...((end === -1 ? round : round.slice(0, end)) as NoteRecord[]));
        if (end !== -1) return found;
      }
    },

    /** Stores a note under number `n`; false when another reviewer's note took that number. */
    async insert(note: NoteRecord): Promise<boolean> {
      try {
        await notes.insertOne(note);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
  };
}
