import type { Connection } from 'mongoose';

import { addToBoundedList, removeFromList } from '../../db/bounded-list';
import { messageModel, threadModel, type MessageRecord, type ThreadRecord } from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type MessageRepository = ReturnType<typeof messageRepository>;

/**
 * Reads are bare `{_id}` lookups only: the thread by the report id, then
 * each message by its own id, in parallel. Writes are ordered so a fault
 * leaves nothing a resend cannot finish: the message's place in the thread
 * first (a guarded `$addToSet`, idempotent, that also holds the thread's
 * limit), then the message (an insert; the same message again is a
 * duplicate `_id`). A place whose message is missing is skipped.
 */
export function messageRepository(db: Connection) {
  const Messages = messageModel(db);
  const Threads = threadModel(db);
  const messages = db.collection<MessageRecord>(Messages.collection.collectionName);

  return {
    /** 'duplicate' when a message with these packets is stored already. */
    async insert(record: MessageRecord): Promise<'inserted' | 'duplicate'> {
      try {
        await messages.insertOne(record);
        return 'inserted';
      } catch (error) {
        if (isDuplicateKey(error)) return 'duplicate';
        throw error;
      }
    },

    async find(id: string): Promise<MessageRecord | null> {
      return Messages.findById(id).lean<MessageRecord>().exec();
    },

    /** Adds a message to its report's thread; repeating it changes nothing. */
    /**
     * Gives the message its place in the thread unless the thread holds `max`
     * already, in one guarded step (db/bounded-list.ts); a message listed
     * before keeps its place.
     */
    list: (reportId: string, messageId: string, max: number) =>
      addToBoundedList(Threads, reportId, 'messageIds', messageId, max),

    /** Takes a place back that turned out to be another thread's message. */
    unlist: (reportId: string, messageId: string) => removeFromList(Threads, reportId, 'messageIds', messageId),

    /** The thread's messages in order; a listed id whose message is missing is skipped. */
    async thread(reportId: string): Promise<MessageRecord[]> {
      const thread = await Threads.findById(reportId).lean<ThreadRecord>().exec();
      if (!thread) return [];
      const found = await Promise.all(
        thread.messageIds.map((id) => Messages.findById(id).lean<MessageRecord>().exec()),
      );
      return found.filter((m): m is MessageRecord => m !== null && m.reportId === reportId);
    },
  };
}
