import type { Connection } from 'mongoose';

import { addToBoundedList, removeFromList } from '../../db/bounded-list';

import {
  accessCodeModel,
  lawyerMessageModel,
  lawyerThreadModel,
  reportAccessCodesModel,
  type AccessCodeRecord,
  type LawyerMessageRecord,
  type LawyerThreadRecord,
  type ReportAccessCodesRecord,
} from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type LawyerRepository = ReturnType<typeof lawyerRepository>;

/**
 * Reads are bare `{_id}` lookups only (DESIGN.md): a code by its lookup hash,
 * a report's codes through its list, a thread through its list. Lists are
 * written before what they list, so a fault leaves a listed id with nothing
 * behind it (skipped) rather than a stored code the reporter cannot see or revoke.
 */
export function lawyerRepository(db: Connection) {
  const Codes = accessCodeModel(db);
  const Lists = reportAccessCodesModel(db);
  const Messages = lawyerMessageModel(db);
  const Threads = lawyerThreadModel(db);
  const codes = db.collection<AccessCodeRecord>(Codes.collection.collectionName);
  const messages = db.collection<LawyerMessageRecord>(Messages.collection.collectionName);

  async function insertOnce<T extends { _id: string }>(
    collection: { insertOne(doc: T): Promise<unknown> },
    record: T,
  ): Promise<'inserted' | 'duplicate'> {
    try {
      await collection.insertOne(record);
      return 'inserted';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
  }

  return {
    /** Lists a code's hash on its report unless the report has `max` already (db/bounded-list.ts). */
    listCode: (reportId: string, codeHash: string, max: number) =>
      addToBoundedList(Lists, reportId, 'codeHashes', codeHash, max),

    unlistCode: (reportId: string, codeHash: string) => removeFromList(Lists, reportId, 'codeHashes', codeHash),

    insertCode: (record: AccessCodeRecord) => insertOnce(codes, record),

    async findCode(codeHash: string): Promise<AccessCodeRecord | null> {
      return Codes.findById(codeHash).lean<AccessCodeRecord>().exec();
    },

    /** A report's codes in the order issued; a listed hash with no code of this report is skipped. */
    async codesOf(reportId: string): Promise<AccessCodeRecord[]> {
      const list = await Lists.findById(reportId).lean<ReportAccessCodesRecord>().exec();
      if (!list) return [];
      const found = await Promise.all(list.codeHashes.map((h) => Codes.findById(h).lean<AccessCodeRecord>().exec()));
      return found.filter((c): c is AccessCodeRecord => c !== null && c.reportId === reportId);
    },

    /** Sets the hour of revocation; revoking again keeps the first hour. */
    async revoke(codeHash: string, revokedAt: Date): Promise<void> {
      await Codes.updateOne({ _id: codeHash, revokedAt: null }, { $set: { revokedAt } }).exec();
    },

    /** Replaces what is shared with a code's lawyer (null: nothing). */
    async share(codeHash: string, armoredShare: string | null, sharedAt: Date | null): Promise<void> {
      await Codes.updateOne({ _id: codeHash }, { $set: { armoredShare, sharedAt } }).exec();
    },

    insertMessage: (record: LawyerMessageRecord) => insertOnce(messages, record),

    async findMessage(id: string): Promise<LawyerMessageRecord | null> {
      return Messages.findById(id).lean<LawyerMessageRecord>().exec();
    },

    /** Gives a message its place in a lawyer's thread unless it holds `max` already (db/bounded-list.ts). */
    listMessage: (codeId: string, messageId: string, max: number) =>
      addToBoundedList(Threads, codeId, 'messageIds', messageId, max),

    unlistMessage: (codeId: string, messageId: string) => removeFromList(Threads, codeId, 'messageIds', messageId),

    async thread(codeId: string): Promise<LawyerMessageRecord[]> {
      const thread = await Threads.findById(codeId).lean<LawyerThreadRecord>().exec();
      if (!thread) return [];
      const found = await Promise.all(
        thread.messageIds.map((id) => Messages.findById(id).lean<LawyerMessageRecord>().exec()),
      );
      return found.filter((m): m is LawyerMessageRecord => m !== null && m.codeId === codeId);
    },
  };
}
