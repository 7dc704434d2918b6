import type { Connection } from 'mongoose';

import { auditEntryModel, auditHeadModel, type AuditEntryRecord, type AuditHeadRecord } from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type AuditRepository = ReturnType<typeof auditRepository>;

const HEAD_ID = 'head';

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
}

export function auditRepository(db: Connection) {
  const Entries = auditEntryModel(db);
  const Heads = auditHeadModel(db);
  return {
    head: () => Heads.findById(HEAD_ID).lean<AuditHeadRecord>().exec(),
    entry: (seq: number) => Entries.findById(seq).lean<AuditEntryRecord>().exec(),

    /** False when another writer took this sequence number first. */
    async insert(entry: AuditEntryRecord): Promise<boolean> {
      try {
        await Entries.create(entry);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Moves the head forward to `seq`, never back (a slower writer's older entry leaves it alone). */
    async advanceHead(seq: number, hash: string): Promise<void> {
      try {
        await Heads.updateOne({ _id: HEAD_ID, seq: { $lt: seq } }, { $set: { seq, hash } }, { upsert: true }).exec();
      } catch (error) {
        // The head is already at or past `seq`: the upsert's insert met the existing head.
        if (!isDuplicateKey(error)) throw error;
      }
    },

    /** These entries, by bare `_id` lookups (newest first as given); missing ones are left out. */
    async bySeq(seqs: number[]): Promise<AuditEntryRecord[]> {
      const found = await Promise.all(seqs.map((seq) => Entries.findById(seq).lean<AuditEntryRecord>().exec()));
      return found.filter((entry): entry is AuditEntryRecord => entry !== null);
    },

    /** Newest first below `before`, filtered: a scan on the embedded engine, indexed on MongoDB. */
    filtered: (filter: AuditFilter, before: number, limit: number) =>
      Entries.find({ ...definedOnly(filter), _id: { $lt: before } })
        .sort({ _id: -1 })
        .limit(limit)
        .lean<AuditEntryRecord[]>()
        .exec(),

    /** Every entry, oldest first, for verification. */
    all: () => Entries.find().sort({ _id: 1 }).lean<AuditEntryRecord[]>().cursor(),
  };
}

function definedOnly(filter: AuditFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
