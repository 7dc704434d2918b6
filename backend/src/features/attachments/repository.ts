import type { Connection } from 'mongoose';

import {
  attachmentModel,
  attachmentSegmentModel,
  reportAttachmentsModel,
  uploadModel,
  type AttachmentRecord,
  type ReportAttachmentsRecord,
  type UploadRecord,
} from './model';
import { isDuplicateKey } from '../../db/duplicate-key';

export type AttachmentRepository = ReturnType<typeof attachmentRepository>;

export const segmentId = (attachmentId: string, index: number) => `${attachmentId}:${index}`;

/** A stored Buffer comes back from the driver as a BSON Binary. */
function bytesOf(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const binary = data as { buffer?: Uint8Array } | null;
  if (binary?.buffer instanceof Uint8Array) {
    return Buffer.from(binary.buffer.buffer, binary.buffer.byteOffset, binary.buffer.byteLength);
  }
  throw new Error('a stored segment is not binary');
}

type SegmentDoc = { _id: string; data?: unknown; sha256?: string };

async function onceMore<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return write();
  }
}

/**
 * Every per-request read and write here uses a bare `{_id}` filter: on the
 * embedded engine that is the only filter that uses an index, and any other
 * filter on the segments collection would decode every stored segment.
 * Segments go through the driver directly (no mongoose casting of megabytes).
 * Only the sweep queries by other fields, and only the small uploads collection.
 */
export function attachmentRepository(db: Connection) {
  const Uploads = uploadModel(db);
  const Attachments = attachmentModel(db);
  const Segments = attachmentSegmentModel(db).collection;
  const ReportAttachments = reportAttachmentsModel(db);
  const byId = (_id: string) => ({ _id }) as never;

  /**
   * The attachment record and the file's place in its report's list, both
   * upserts by `_id`. Two requests upserting the same new document at once
   * (the same submission sent twice) can meet a duplicate key; the second try
   * then finds the document and updates it.
   */
  async function recordAttachment(
    upload: Pick<UploadRecord, '_id' | 'segmentCount' | 'ciphertextBytes'>,
    reportId: string,
  ): Promise<void> {
    await onceMore(() =>
      Attachments.replaceOne(
        { _id: upload._id },
        { reportId, segmentCount: upload.segmentCount, ciphertextBytes: upload.ciphertextBytes },
        { upsert: true },
      ).exec(),
    );
    // $addToSet: the list keeps the order files were bound in and never holds one twice.
    await onceMore(() =>
      ReportAttachments.updateOne(
        { _id: reportId },
        { $addToSet: { attachmentIds: upload._id } },
        { upsert: true },
      ).exec(),
    );
  }

  return {
    async createUpload(record: UploadRecord): Promise<void> {
      await Uploads.create(record);
    },

    async findUpload(id: string): Promise<UploadRecord | null> {
      return Uploads.findById(id).lean<UploadRecord>().exec();
    },

    /**
     * Writes segment `index`, replacing one left by a request whose
     * acknowledgement never happened (only the segment at `received` is ever
     * written, so an acknowledged segment never changes).
     */
    async writeSegment(attachmentId: string, index: number, data: Buffer, sha256: string): Promise<void> {
      await Segments.replaceOne(byId(segmentId(attachmentId, index)), { data, sha256 } as never, { upsert: true });
    },

    /**
     * Segment `received - 1` is stored: moves the upload on, with the whole
     * ciphertext's hash state so far and this segment's size and hash. The
     * update is guarded by the state this request started from, so of two
     * requests racing with the same segment number exactly one moves it on;
     * the other (whose bytes may be the ones stored, if it wrote last) clears
     * the hash state, and the receipt is then computed from the stored
     * segments themselves. False for that loser.
     */
    async acknowledge(
      attachmentId: string,
      from: Pick<UploadRecord, 'received' | 'ciphertextHashState'>,
      next: {
        ciphertextBytes: number;
        ciphertextHashState: string | null;
        segment: { bytes: number; sha256: string };
      },
    ): Promise<boolean> {
      const { modifiedCount } = await Uploads.updateOne(
        { _id: attachmentId, received: from.received, ciphertextHashState: from.ciphertextHashState ?? null },
        {
          $set: {
            received: from.received + 1,
            ciphertextBytes: next.ciphertextBytes,
            ciphertextHashState: next.ciphertextHashState,
          },
          $push: { segmentDigests: next.segment },
        },
      ).exec();
      if (modifiedCount === 1) return true;
      await Uploads.updateOne({ _id: attachmentId }, { $set: { ciphertextHashState: null } }).exec();
      return false;
    },

    async segmentHash(attachmentId: string, index: number): Promise<string | null> {
      const found = (await Segments.findOne(byId(segmentId(attachmentId, index)), {
        projection: { sha256: 1 },
      })) as SegmentDoc | null;
      return found?.sha256 ?? null;
    },

    async readSegment(attachmentId: string, index: number): Promise<Buffer | null> {
      const found = (await Segments.findOne(byId(segmentId(attachmentId, index)))) as SegmentDoc | null;
      return found ? bytesOf(found.data) : null;
    },

    /**
     * Sends an upload with a stored report: the upload is marked first (from
     * then on it cannot change, be cancelled or go with another report, and
     * the sweep knows to finish its binding), then what the console reads is
     * written. Idempotent, so a resent submission or the sweep may repeat it.
     */
    async bind(upload: UploadRecord, reportId: string): Promise<void> {
      await Uploads.updateOne({ _id: upload._id }, { $set: { reportId } }).exec();
      await recordAttachment(upload, reportId);
    },

    recordAttachment,

    async listForReport(reportId: string): Promise<AttachmentRecord[]> {
      const listed = await ReportAttachments.findById(reportId).lean<ReportAttachmentsRecord>().exec();
      if (!listed) return [];
      const found = await Promise.all(
        listed.attachmentIds.map((id) => Attachments.findById(id).lean<AttachmentRecord>().exec()),
      );
      return found.filter((a): a is AttachmentRecord => a !== null && a.reportId === reportId);
    },

    async findAttachment(id: string): Promise<AttachmentRecord | null> {
      return Attachments.findById(id).lean<AttachmentRecord>().exec();
    },

    /** Every upload record (the collection the sweep keeps small), read as a stream. */
    uploadsForSweep(): AsyncIterable<UploadRecord> {
      return Uploads.find({}).lean<UploadRecord>().cursor();
    },

    /** The report is stored: the upload record is no longer needed (the attachment record stays). */
    async forgetUpload(id: string): Promise<void> {
      await Uploads.deleteOne({ _id: id }).exec();
    },

    /**
     * Removes an upload and everything it wrote: its segments one `_id` at a
     * time (including one written past `received` by a request that never
     * completed), any attachment record and report list entry, then the
     * upload record last, so an interrupted removal is found again by the next sweep.
     */
    async removeUpload(upload: Pick<UploadRecord, '_id' | 'received' | 'segmentCount' | 'reportId'>): Promise<void> {
      const last = Math.min(upload.received, upload.segmentCount - 1);
      for (let index = 0; index <= last; index++) await Segments.deleteOne(byId(segmentId(upload._id, index)));
      if (upload.reportId) {
        await Attachments.deleteOne({ _id: upload._id }).exec();
        await ReportAttachments.deleteOne({ _id: upload.reportId }).exec();
      }
      await Uploads.deleteOne({ _id: upload._id }).exec();
    },
  };
}
