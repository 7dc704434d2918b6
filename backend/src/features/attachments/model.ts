import { Schema, type Connection } from 'mongoose';

import { modelOf, type ModelRegistration } from '../../db/model';

/**
 * An upload in progress (or sent and not yet confirmed by the sweep). This
 * collection stays small, bounded by recent activity, because the sweep
 * scans it: an upload leaves it when its report is confirmed or it expires.
 * The file's name, type, size and hash are nowhere on the server: they travel
 * only inside the encrypted report.
 */
export interface UploadRecord {
  /** The attachment id: 128 random bits (base64url), not an ObjectId, which would embed the exact second. */
  _id: string;
  /** SHA-256 of the upload token, which is returned once at creation. */
  uploadTokenHash: string;
  /** How many segments the file has (declared at creation, at most MAX_SEGMENTS). */
  segmentCount: number;
  /** Segments 0 … received-1 are stored and acknowledged; the next upload must be segment `received`. */
  received: number;
  /** Sum of the acknowledged segments' ciphertext sizes. */
  ciphertextBytes: number;
  /** When the upload started, cut to the hour. */
  createdAt: Date;
  /** Not sent with a report by then, it is removed by the sweep (hour precision). */
  expiresAt: Date;
  /** The report it was sent with; null while uploading. */
  reportId: string | null;
  /**
   * The SHA-256 of the acknowledged segments concatenated, as a saved state
   * that the next segment resumes (crypto/src/resumable-sha256.ts), and each
   * acknowledged segment's size and SHA-256: the evidence receipt is signed
   * from these when the last segment arrives, with no second read of the
   * file. Absent on uploads made before receipts (their receipt reads the segments back).
   */
  ciphertextHashState?: string | null;
  segmentDigests?: { bytes: number; sha256: string }[];
  /**
   * A lawyer's upload (features/lawyers): made for one report with an access
   * code, its segments may also be addressed to that report's reporter key
   * and the lawyer key (`extraRecipientKeyIds`), it binds only to that report,
   * and its evidence receipt says `addedBy: 'lawyer'`. Absent: a reporter's.
   */
  lawyer?: { reportId: string; extraRecipientKeyIds: string[] } | null;
}

/** A file sent with a report: what the console lists (ciphertext facts only). */
export interface AttachmentRecord {
  _id: string;
  reportId: string;
  segmentCount: number;
  ciphertextBytes: number;
}

/** One segment: a complete binary OpenPGP message. Read only by `_id` = `${attachmentId}:${index}`. */
export interface AttachmentSegmentRecord {
  _id: string;
  data: Buffer;
  /** SHA-256 of `data`, so a re-sent segment is recognised without comparing megabytes. */
  sha256: string;
}

/** The attachments of a report, so the console's list is one `_id` lookup. */
export interface ReportAttachmentsRecord {
  _id: string;
  attachmentIds: string[];
}

const uploadSchema = new Schema<UploadRecord>(
  {
    _id: { type: String, required: true },
    uploadTokenHash: { type: String, required: true },
    segmentCount: { type: Number, required: true },
    received: { type: Number, required: true },
    ciphertextBytes: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    reportId: { type: String, default: null },
    ciphertextHashState: { type: String, default: null },
    segmentDigests: { type: [{ _id: false, bytes: Number, sha256: String }], default: [] },
    // Absent on a reporter's upload (not null), so its record is as it always was.
    lawyer: { type: { _id: false, reportId: String, extraRecipientKeyIds: [String] }, default: undefined },
  },
  { versionKey: false, collection: 'attachment_uploads' },
);
uploadSchema.index({ expiresAt: 1 });

const attachmentSchema = new Schema<AttachmentRecord>(
  {
    _id: { type: String, required: true },
    reportId: { type: String, required: true },
    segmentCount: { type: Number, required: true },
    ciphertextBytes: { type: Number, required: true },
  },
  { versionKey: false, collection: 'attachments' },
);

const segmentSchema = new Schema<AttachmentSegmentRecord>(
  {
    _id: { type: String, required: true },
    data: { type: Buffer, required: true },
    sha256: { type: String, required: true },
  },
  { versionKey: false, collection: 'attachment_segments' },
);

const reportAttachmentsSchema = new Schema<ReportAttachmentsRecord>(
  {
    _id: { type: String, required: true },
    attachmentIds: { type: [String], required: true },
  },
  { versionKey: false, collection: 'report_attachments' },
);

export const uploadModel = (db: Connection) => modelOf(db, 'AttachmentUpload', uploadSchema);
export const attachmentModel = (db: Connection) => modelOf(db, 'Attachment', attachmentSchema);
export const attachmentSegmentModel = (db: Connection) => modelOf(db, 'AttachmentSegment', segmentSchema);
export const reportAttachmentsModel = (db: Connection) => modelOf(db, 'ReportAttachments', reportAttachmentsSchema);

/** Handed to the connection, which builds their indexes (features/index.ts). */
export const attachmentModels: readonly ModelRegistration[] = [
  uploadModel,
  attachmentModel,
  attachmentSegmentModel,
  reportAttachmentsModel,
];
