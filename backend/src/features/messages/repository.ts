import type { Connection } from 'mongoose';

import { messageModel, threadModel, type MessageRecord, type ThreadRecord } from './model';

export type MessageRepository = ReturnType<typeof messageRepository>;

const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 11000;

/**
 * Reads are bare `{_id}` lookups only: the thread by the report id, then
 * each message by its own id, in parallel. Writes are ordered so a fault
 * leaves nothing a resend cannot finish: the message first (an insert; the
 * same message again is a duplicate `_id`), then its place in the thread
 * (`$addToSet`, idempotent).
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
    async append(reportId: string, messageId: string): Promise<void> {
      const add = () =>
        Threads.updateOne({ _id: reportId }, { $addToSet: { messageIds: messageId } }, { upsert: true }).exec();
      try {
        await add();
      } catch (error) {
        // Two first messages upserting the same new thread at once: the second finds it now.
        if (!isDuplicateKey(error)) throw error;
        await add();
      }
    },

    async threadLength(reportId: string): Promise<number> {
      const thread = await Threads.findById(reportId).lean<ThreadRecord>().exec();
      return thread?.messageIds.length ?? 0;
    },

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
