import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { toHour, type Clock } from '../../clock';
import { inspectEncryptedPackets, isCryptoError, MAX_FILE_BYTES, MAX_SEGMENTS, resumeSha256 } from '../../crypto';
import { MESSAGE_REFUSALS, type MessageRefusal } from '../reports/errors';
import type { AgencyKeyService } from '../agency-key/service';
import { checkRecipients, type RecipientSetService } from '../reviewer-keys/recipients';
import type { ProofOfWorkService } from '../proof-of-work/service';
import type { EvidenceReceiptService } from '../evidence-receipts/service';
import { attachmentErrors } from './errors';
import type { UploadRecord } from './model';
import type { AttachmentRepository } from './repository';
import type { AttachmentsToBind, CreateUploadBody } from './schemas';

export type AttachmentService = ReturnType<typeof attachmentService>;

const HOUR_MS = 3_600_000;
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

function tokenMatches(upload: UploadRecord, token: string | null): boolean {
  if (!token) return false;
  return timingSafeEqual(Buffer.from(upload.uploadTokenHash, 'hex'), Buffer.from(sha256(token), 'hex'));
}

/**
 * Evidence files: anonymous uploads of encrypted segments, sent with a report
 * when the report is sent, and removed when they never are.
 * The server checks each segment's packet framing and recipients, never its
 * content; it knows a file only as a number of ciphertext segments.
 */
export function attachmentService({
  repository,
  agencyKeys,
  recipients,
  proofOfWork,
  clock,
  expiryHours,
  reportExists,
  evidenceReceipts,
}: {
  repository: AttachmentRepository;
  agencyKeys: AgencyKeyService;
  /** Who a segment may be encrypted to: the same set as a report (features/reviewer-keys/recipients.ts). */
  recipients: Pick<RecipientSetService, 'allowedKeyIds'>;
  proofOfWork: ProofOfWorkService;
  clock: Clock;
  /** How long an upload may stay unsent (UPLOAD_EXPIRY_HOURS). */
  expiryHours: number;
  /** Whether a report (its body) is stored: asked by the sweep before it finishes binding an upload. */
  reportExists(reportId: string): Promise<boolean>;
  /** Signs a receipt for each complete file (features/evidence-receipts). */
  evidenceReceipts: Pick<EvidenceReceiptService, 'issue' | 'attachToReport' | 'forget' | 'exists'>;
}) {
  /**
   * The file is complete: its receipt is signed over the segments as stored
   * and acknowledged, each hashed as it arrived and the whole hashed
   * incrementally across requests (the hash state lives in the upload record).
   */
  async function issueReceipt(upload: UploadRecord): Promise<void> {
    let segments = (upload.segmentDigests ?? []).map((s, index) => ({ index, bytes: s.bytes, sha256: s.sha256 }));
    let ciphertext: { bytes: number; sha256: string };
    if (upload.ciphertextHashState && segments.length === upload.segmentCount) {
      ciphertext = { bytes: upload.ciphertextBytes, sha256: resumeSha256(upload.ciphertextHashState).hexDigest() };
    } else {
      // An upload begun before receipts existed: its segments are read back one at a time (bounded memory).
      const whole = createHash('sha256');
      segments = [];
      let bytes = 0;
      for (let index = 0; index < upload.segmentCount; index++) {
        const data = await repository.readSegment(upload._id, index);
        if (!data) throw new Error(`segment ${index} of a complete upload is missing`);
        whole.update(data);
        segments.push({ index, bytes: data.length, sha256: sha256(data) });
        bytes += data.length;
      }
      ciphertext = { bytes, sha256: whole.digest('hex') };
    }
    await evidenceReceipts.issue({
      file: upload._id,
      // A lawyer's file is for one report from its start, so its receipt names that report at once.
      report: upload.reportId ?? upload.lawyer?.reportId ?? null,
      addedBy: upload.lawyer ? 'lawyer' : 'reporter',
      segments,
      ciphertext,
    });
  }

  /** Removes an upload and its receipt, if it had one. */
  async function removeUpload(upload: UploadRecord): Promise<void> {
    await evidenceReceipts.forget(upload._id);
    await repository.removeUpload(upload);
  }

  /** The upload, if the token is its own; the same 404 for an unknown id and a wrong token. */
  async function ownUpload(id: string, token: string | null): Promise<UploadRecord> {
    const upload = await repository.findUpload(id);
    if (!upload || !tokenMatches(upload, token)) throw attachmentErrors.uploadNotFound();
    return upload;
  }

  /**
   * The segment must be PKESK packets + one SEIPDv1 packet, addressed to the
   * agency key and only the recipient set (and, for a lawyer's upload, the
   * report's reporter key and the lawyer key).
   */
  async function checkSegment(bytes: Buffer, extraKeyIds: readonly string[] = []): Promise<void> {
    let recipientKeyIds;
    try {
      // The strict framing reader reports use, on the binary segment (crypto/src/inspect.ts).
      ({ recipientKeyIds } = inspectEncryptedPackets(bytes));
    } catch (error) {
      if (isCryptoError(error) && (MESSAGE_REFUSALS as readonly string[]).includes(error.code)) {
        throw attachmentErrors.refusedSegment(error.code as MessageRefusal, error.message);
      }
      throw error;
    }
    const refusal = await checkRecipients(
      recipients,
      recipientKeyIds.filter((id) => !extraKeyIds.includes(id)),
    );
    if (refusal?.problem === 'not_addressed_to_agency') throw attachmentErrors.notAddressedToAgency();
    if (refusal?.problem === 'unknown_recipient') throw attachmentErrors.unknownRecipient(refusal.strangers);
  }

  async function removeIfUnconfirmed(upload: UploadRecord, now: Date): Promise<'removed' | 'kept' | 'confirmed'> {
    if (upload.reportId === null) {
      if (upload.expiresAt > now) return 'kept';
      await removeUpload(upload);
      return 'removed';
    }
    if (await reportExists(upload.reportId)) {
      // Marked as sent with a stored report: whatever of its binding a fault cut short is written now (the
      // same idempotent writes as `bind`), then the upload record, no longer needed, goes.
      await repository.recordAttachment(upload, upload.reportId);
      await evidenceReceipts.attachToReport(upload._id, upload.reportId);
      await repository.forgetUpload(upload._id);
      return 'confirmed';
    }
    // Marked for a report that is not stored (reports bind only once stored, so this is left from an older
    // write order or a report removed since): once expired, it goes.
    if (upload.expiresAt > now) return 'kept';
    await removeUpload(upload);
    return 'removed';
  }

  /** Starts an upload; the token is returned once and only its hash is stored. */
  async function create(input: CreateUploadBody, forLawyer?: () => Promise<NonNullable<UploadRecord['lawyer']>>) {
    if (input.segmentCount > MAX_SEGMENTS) throw attachmentErrors.fileTooLarge(MAX_FILE_BYTES, MAX_SEGMENTS);
    await agencyKeys.require();
    await proofOfWork.redeem('upload', input.proofOfWork);
    // Only after the proof is spent: a lawyer's upload names its report by an access code, one guess per proof.
    const lawyer = forLawyer ? await forLawyer() : null;
    const id = randomBytes(16).toString('base64url');
    const uploadToken = randomBytes(32).toString('base64url');
    const createdAt = toHour(clock.now());
    const expiresAt = new Date(createdAt.getTime() + expiryHours * HOUR_MS);
    await repository.createUpload({
      _id: id,
      uploadTokenHash: sha256(uploadToken),
      segmentCount: input.segmentCount,
      received: 0,
      ciphertextBytes: 0,
      createdAt,
      expiresAt,
      reportId: null,
      ciphertextHashState: null,
      segmentDigests: [],
      ...(lawyer ? { lawyer } : {}),
    });
    return { id, uploadToken, segmentCount: input.segmentCount, received: 0, expiresAt };
  }

  return {
    create: (input: CreateUploadBody) => create(input),

    /**
     * A lawyer's upload for the report an access code opens: `resolve`
     * (features/lawyers) checks the code once the proof is spent and names
     * the report and the extra keys its segments may also be encrypted to.
     */
    createForLawyer: (
      input: CreateUploadBody,
      resolve: () => Promise<{ reportId: string; extraRecipientKeyIds: string[] }>,
    ) => create(input, resolve),

    /** Where to resume: the first segment not acknowledged is `received`. */
    async progress(id: string, token: string | null) {
      const upload = await ownUpload(id, token);
      return {
        id,
        segmentCount: upload.segmentCount,
        received: upload.received,
        sent: upload.reportId !== null,
        expiresAt: upload.expiresAt,
      };
    },

    /**
     * Appends segment `index`. Segments go strictly in order; re-sending an
     * acknowledged segment with the same bytes (an answer lost on the way)
     * is answered as if new, with different bytes it is a conflict.
     * Every refusal comes before any write.
     */
    async putSegment(id: string, token: string | null, index: number, bytes: Buffer) {
      const upload = await ownUpload(id, token);
      if (upload.reportId !== null) throw attachmentErrors.alreadyBound();
      if (index >= upload.segmentCount) throw attachmentErrors.outOfRange(upload.segmentCount);
      if (index > upload.received) throw attachmentErrors.outOfOrder(upload.received);
      const digest = sha256(bytes);
      if (index < upload.received) {
        if ((await repository.segmentHash(id, index)) !== digest) throw attachmentErrors.segmentConflict();
        // The last segment sent again after a fault cut its receipt short: the receipt is signed now.
        if (upload.received === upload.segmentCount && !(await evidenceReceipts.exists(id))) {
          await issueReceipt(upload);
        }
        return { received: upload.received, segmentCount: upload.segmentCount };
      }
      await checkSegment(bytes, upload.lawyer?.extraRecipientKeyIds);
      await repository.writeSegment(id, index, bytes, digest);
      // The whole ciphertext's hash goes on from the state the previous segment left (none: an older upload).
      const ciphertextHashState =
        index === 0 || upload.ciphertextHashState
          ? resumeSha256(upload.ciphertextHashState ?? null)
              .update(bytes)
              .save()
          : null;
      const segment = { bytes: bytes.length, sha256: digest };
      const ciphertextBytes = upload.ciphertextBytes + bytes.length;
      const won = await repository.acknowledge(id, upload, { ciphertextBytes, ciphertextHashState, segment });
      // Complete: the receipt is signed before the answer, so a page that got the answer can fetch it. A request
      // that lost a race for this segment signs from the stored record (its hash state cleared: a read-back).
      if (index + 1 === upload.segmentCount) {
        const completed: UploadRecord | null = won
          ? {
              ...upload,
              received: index + 1,
              ciphertextBytes,
              ciphertextHashState,
              segmentDigests: [...(upload.segmentDigests ?? []), segment],
            }
          : await repository.findUpload(id);
        if (completed) await issueReceipt(completed);
      }
      return { received: index + 1, segmentCount: upload.segmentCount };
    },

    /** The reporter removed the file before sending: everything it wrote goes now. */
    async cancel(id: string, token: string | null): Promise<void> {
      const upload = await ownUpload(id, token);
      if (upload.reportId !== null) throw attachmentErrors.alreadyBound();
      await removeUpload(upload);
    },

    /**
     * Called by the report submission before it writes anything, with the
     * report's id (derived from its packets): checks that each listed upload
     * exists, is the caller's (token), is complete and is not sent with
     * another report. A file already sent with this same report passes as it
     * is, even once the sweep has dropped its upload record: the submission is
     * being sent again after a lost answer. Returns `bind`, which the
     * submission calls only once the report is stored under the caller's own
     * receipt, so a replay of someone's report (refused) binds nothing.
     */
    async checkBinding(
      list: AttachmentsToBind | undefined,
      reportId: string,
      addedBy: 'reporter' | 'lawyer' = 'reporter',
    ) {
      const items = list ?? [];
      if (new Set(items.map((i) => i.id)).size !== items.length) throw attachmentErrors.duplicateAttachment();
      const found = await Promise.all(
        items.map(async ({ id, uploadToken }): Promise<UploadRecord | null> => {
          const upload = await repository.findUpload(id);
          if (!upload && (await repository.findAttachment(id))?.reportId === reportId) return null;
          if (!upload || !tokenMatches(upload, uploadToken)) throw attachmentErrors.uploadNotFound();
          return upload;
        }),
      );
      const uploads = found.filter((u): u is UploadRecord => u !== null);
      for (const upload of uploads) {
        if (upload.received !== upload.segmentCount) {
          throw attachmentErrors.incomplete(upload._id, upload.received, upload.segmentCount);
        }
        if (upload.reportId !== null && upload.reportId !== reportId) throw attachmentErrors.alreadyBound();
        // A lawyer's file binds only to its own report, through the lawyer's thread; a reporter's never goes there.
        if (
          (upload.lawyer ? 'lawyer' : 'reporter') !== addedBy ||
          (upload.lawyer && upload.lawyer.reportId !== reportId)
        ) {
          throw attachmentErrors.uploadNotFound();
        }
      }
      return {
        /**
         * Binds the files to the stored report. Idempotent: sending the same
         * submission again rewrites the same records and adds no list entry
         * twice. Each upload is marked first, so if a fault stops this half
         * way the sweep finishes what was marked (a resend finishes the rest).
         */
        async bind(): Promise<void> {
          for (const upload of uploads) {
            await repository.bind(upload, reportId);
            await evidenceReceipts.attachToReport(upload._id, reportId);
          }
        },
      };
    },

    /** The console's list: ids and ciphertext facts; names, types and hashes are inside the report. */
    async listForReport(reportId: string) {
      // As the report's other routes answer: an id that names no report is not an empty list.
      if (!(await reportExists(reportId))) throw attachmentErrors.reportNotFound();
      const attachments = await repository.listForReport(reportId);
      return {
        attachments: attachments.map((a) => ({
          id: a._id,
          segmentCount: a.segmentCount,
          ciphertextBytes: a.ciphertextBytes,
        })),
      };
    },

    /** One stored segment, for a reviewer (only of a file sent with a report). */
    async readSegment(id: string, index: number): Promise<Buffer> {
      const attachment = await repository.findAttachment(id);
      if (!attachment || index >= attachment.segmentCount) throw attachmentErrors.notFound();
      const bytes = await repository.readSegment(id, index);
      if (!bytes) throw attachmentErrors.notFound();
      return bytes;
    },

    /** Removes expired unsent uploads and confirms sent ones; returns counts (never ids) for the log. */
    async sweep() {
      const now = clock.now();
      const counts = { removed: 0, kept: 0, confirmed: 0 };
      const uploads = [];
      for await (const upload of repository.uploadsForSweep()) uploads.push(upload);
      for (const upload of uploads) counts[await removeIfUnconfirmed(upload, now)] += 1;
      return counts;
    },
  };
}
