import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

export const MESSAGE_AUTHORS = ['reporter', 'reviewer'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/**
 * One message of a report's thread: ciphertext to the recipient set and the
 * reporter key, and three facts in the clear (whose side wrote it, when, to
 * the hour, and which report). Read by `_id` only: the first 128 bits of the
 * SHA-256 of its packets, so the same message sent again is the same record.
 */
export interface MessageRecord {
  _id: string;
  reportId: string;
  author: MessageAuthor;
  /** When it arrived, cut to the hour. */
  sentAt: Date;
  armoredMessage: string;
}

/** A report's thread: its messages' ids in the order they arrived, so reading a thread is `_id` lookups only. */
export interface ThreadRecord {
  _id: string;
  messageIds: string[];
}

const messageSchema = new Schema<MessageRecord>(
  {
    _id: { type: String, required: true },
    reportId: { type: String, required: true },
    author: { type: String, enum: MESSAGE_AUTHORS, required: true },
    sentAt: { type: Date, required: true },
    armoredMessage: { type: String, required: true },
  },
  { versionKey: false, collection: 'report_messages' },
);

const threadSchema = new Schema<ThreadRecord>(
  {
    _id: { type: String, required: true },
    messageIds: { type: [String], required: true },
  },
  { versionKey: false, collection: 'report_threads' },
);

export const messageModel = (db: Connection) => modelOf(db, 'ReportMessage', messageSchema);
export const threadModel = (db: Connection) => modelOf(db, 'ReportThread', threadSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const messageModels: readonly ModelRegistration[] = [messageModel, threadModel];
