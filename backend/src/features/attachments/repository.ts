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

    async acknowledge(attachmentId: string, received: number, ciphertextBytes: number): Promise<void> {
      await Uploads.updateOne({ _id: attachmentId }, { $set: { received, ciphertextBytes } }).exec();
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
     * Sends uploads with a report: each upload is marked, each attachment
     * record written, then the report's list. Idempotent for the same report
     * (a retried submission).
     */
    async bind(uploads: UploadRecord[], reportId: string): Promise<void> {
      for (const upload of uploads) {
        await Uploads.updateOne({ _id: upload._id }, { $set: { reportId } }).exec();
        await Attachments.replaceOne(
          { _id: upload._id },
          { reportId, segmentCount: upload.segmentCount, ciphertextBytes: upload.ciphertextBytes },
          { upsert: true },
        ).exec();
      }
      await ReportAttachments.replaceOne(
        { _id: reportId },
        { attachmentIds: uploads.map((u) => u._id) },
        { upsert: true },
      ).exec();
    },

    /** Undoes `bind` after the report could not be stored: the uploads can be sent again. */
    async unbind(attachmentIds: string[], reportId: string): Promise<void> {
      await ReportAttachments.deleteOne({ _id: reportId }).exec();
      for (const _id of attachmentIds) {
        await Attachments.deleteOne({ _id }).exec();
        await Uploads.updateOne({ _id }, { $set: { reportId: null } }).exec();
      }
    },

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
