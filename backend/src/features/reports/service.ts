import { hash } from 'node:crypto';

import { toHour, type Clock } from '../../clock';
import { checkReporterKey, inspectEncryptedMessage, isCryptoError } from '../../crypto';
import { AppError } from '../../http/errors';
import { nativeKeyPrimitives } from '../../native-key-primitives';
import { checkRecipients, type RecipientSetService } from '../reviewer-keys/recipients';
import type { AttachmentService } from '../attachments/service';
import type { ProofOfWorkService, VerifiedProof } from '../proof-of-work/service';
import { MESSAGE_REFUSALS, reportErrors, type MessageRefusal } from './errors';
import type { ReportBodyRecord } from './model';
import { pageOf, type InboxSort } from './inbox';
import type { ReportRepository } from './repository';
import { describeEntry } from './triage';
import type { Reminders } from './workflow';
import { MAX_ARMORED_REPORT_CHARS, REPORT_ID, type ListReportsQuery, type SubmitReportBody } from './schemas';

export type ReportService = ReturnType<typeof reportService>;

// Node's one-shot hash: no Hash object per call (the submission path takes two).
const sha256 = (text: string) => hash('sha256', text, 'hex');

/**
 * A report's id: the first 128 bits of the SHA-256 of its packets (the
 * armor's base64 body, decoded; armor headers and line breaks play no part).
 * The same ciphertext always gets the same id, so storing it twice is a
 * duplicate _id, the one check the embedded engine makes from an index. It is
 * as random as the ciphertext and carries no time.
 */
export function reportIdOf(canonicalArmoredMessage: string): string {
  const base64 = canonicalArmoredMessage
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.startsWith('='))
    .join('');
  return reportIdOfPackets(Buffer.from(base64, 'base64'));
}

/** The same id from the packets themselves, as the strict reader has them already. */
export function reportIdOfPackets(packets: Uint8Array): string {
  return hash('sha256', packets, 'buffer').subarray(0, 16).toString('base64url');
}

/** A page's cursor: its sort and the last row's sort key, so the next page starts strictly after that row. */
function encodeCursor(sort: InboxSort, key: (string | number)[]): string {
  return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

function decodeCursor(cursor: string, sort: InboxSort): (string | number)[] {
  try {
    const [cursorSort, ...key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const id = key.at(-1);
    const wellFormed =
      cursorSort === sort &&
      key.length === (sort === 'received_desc' || sort === 'received_asc' ? 2 : 3) &&
      typeof id === 'string' &&
      REPORT_ID.test(id) &&
      key.slice(0, -1).every((v) => typeof v === 'number' && Number.isFinite(v));
    if (wellFormed) return key as (string | number)[];
  } catch {
    // reported below
  }
  throw reportErrors.invalidCursor();
}

const isSpentProof = (error: unknown) => error instanceof AppError && error.code === 'proof_of_work_spent';

export function reportService({
  repository,
  recipients,
  proofOfWork,
  attachments,
  clock,
  reminders,
}: {
  repository: ReportRepository;
  /** The agency key and the reviewer keys it certified: exactly who a report may be encrypted to. */
  recipients: Pick<RecipientSetService, 'allowedKeyIds'>;
  proofOfWork: ProofOfWorkService;
  /** Evidence files: checked before anything is written, bound once the report is stored. */
  attachments: Pick<AttachmentService, 'checkBinding'>;
  clock: Clock;
  /** When reports fall overdue (TRIAGE_ACKNOWLEDGE_DAYS, TRIAGE_FEEDBACK_DAYS). */
  reminders: Reminders;
}) {
  /**
   * The server cannot read a report, but it can read who it is addressed to:
   * it accepts only a public-key encrypted message whose recipients include
   * the current agency key and are all in the recipient set (the agency key
   * and every active reviewer key it certified), and returns it armored
   * afresh from its packets, which is what gets stored, with the id those
   * packets give it. `reporterKeyIds` are the only keys allowed beyond the
   * set: a thread message must name one of them; a report may
   * (`reporterKeyOptional`: its own reporter key, sent beside it).
   */
  async function checkAddressing(
    armoredReport: string,
    reporterKeyIds: readonly string[] = [],
    { reporterKeyOptional = false }: { reporterKeyOptional?: boolean } = {},
  ): Promise<{ armoredReport: string; id: string }> {
    let inspected;
    try {
      inspected = inspectEncryptedMessage({ armoredMessage: armoredReport });
    } catch (error) {
      if (isCryptoError(error) && (MESSAGE_REFUSALS as readonly string[]).includes(error.code)) {
        throw reportErrors.refusedMessage(error.code as MessageRefusal, error.message);
      }
      throw error;
    }
    const { recipientKeyIds, canonicalArmoredMessage, packets } = inspected;
    if (
      !reporterKeyOptional &&
      reporterKeyIds.length > 0 &&
      !recipientKeyIds.some((id) => reporterKeyIds.includes(id))
    ) {
      throw reportErrors.notAddressedToReporter();
    }
    // A recently read set may accept a message; only the set as stored now may refuse one.
    const refusal = await checkRecipients(
      recipients,
      recipientKeyIds.filter((id) => !reporterKeyIds.includes(id)),
    );
    if (refusal?.problem === 'not_addressed_to_agency') throw reportErrors.notAddressedToAgency();
    if (refusal?.problem === 'unknown_recipient') throw reportErrors.unknownRecipient(refusal.strangers);
    return { armoredReport: canonicalArmoredMessage, id: reportIdOfPackets(packets) };
  }

  /**
   * The same submission arriving again (its answer was lost, so the browser
   * sent it once more): the same packets under the same receipt. It ends as a
   * success and stores nothing new; its inbox entry is written if a fault had
   * kept it out. The same packets under another receipt are a replay.
   */
  async function earlierCopy(id: string, receiptLookupHash: string): Promise<ReportBodyRecord | null> {
    const stored = await repository.findBody(id);
    if (!stored) return null;
    if (stored.receiptLookupHash !== receiptLookupHash) throw reportErrors.alreadyStored();
    if (!(await repository.findEntry(stored._id))) {
      await repository.listEntry({ _id: stored._id, receivedAt: stored.receivedAt, status: 'new' });
    }
    return stored;
  }

  /**
   * Spends the proof and stores the body, the write that decides. Ends as
   * `created: false` when this same submission was stored before; throws for
   * a replay (the packets under another receipt) or a reused receipt.
   */
  async function store({
    id,
    receiptLookupHash,
    proof,
    armoredReport,
    reporterKey,
    envelopeVersion,
  }: {
    id: string;
    receiptLookupHash: string;
    proof: VerifiedProof | null;
    armoredReport: string;
    reporterKey: ReportBodyRecord['reporterKey'];
    envelopeVersion: number;
  }): Promise<{ receivedAt: Date; created: boolean }> {
    try {
      await proofOfWork.spend(proof);
    } catch (error) {
      const earlier = isSpentProof(error) ? await earlierCopy(id, receiptLookupHash) : null;
      if (earlier) return { receivedAt: earlier.receivedAt, created: false };
      throw error;
    }
    const receivedAt = toHour(clock.now());
    const outcome = await repository.storeBody({
      _id: id,
      receivedAt,
      envelopeVersion,
      receiptLookupHash,
      armoredReport,
      reporterKey,
    });
    if (outcome === 'duplicate') {
      const earlier = await earlierCopy(id, receiptLookupHash);
      if (!earlier) throw reportErrors.duplicateReceipt();
      return { receivedAt: earlier.receivedAt, created: false };
    }
    return { receivedAt, created: true };
  }

  return {
    /**
     * The same check for any message meant for the recipient set (a
     * reviewer's note): well formed, addressed to the agency key, and to no
     * key outside the platform's recipients (so never to a reporter's key).
     * Returns it re-armored from its packets.
     */
    checkRecipients: checkAddressing,

    /**
     * Checks and stores one report. The order keeps the cheap checks first
     * and the writes last: the proof of work (no database), the message and
     * key (bounded CPU), the evidence files it lists (reads by `_id`), then
     * spending the proof, the body (the write that decides: unique packets,
     * unique receipt), binding the files to it and, after the answer, the
     * inbox entry, so the inbox never lists a report whose body is not stored.
     * `created` is false when this exact submission was already stored.
     */
    async submit(input: SubmitReportBody): Promise<{ receivedAt: Date; created: boolean }> {
      if (input.armoredReport.length > MAX_ARMORED_REPORT_CHARS) throw reportErrors.tooLarge(MAX_ARMORED_REPORT_CHARS);
      const proof = await proofOfWork.verify('report', input.proofOfWork);
      // Stored as re-armored from exactly the packets a reporter key consists of, never as sent.
      let reporterKey = null;
      let reporterKeyIds: string[] = [];
      if (input.reporterKey) {
        try {
          const { armoredPublicKey, armoredPrivateKey, encryptionKeyId } = await checkReporterKey(
            input.reporterKey,
            nativeKeyPrimitives,
          );
          reporterKey = { armoredPublicKey, armoredPrivateKey };
          reporterKeyIds = [encryptionKeyId];
        } catch (error) {
          if (isCryptoError(error)) throw reportErrors.invalidReporterKey(error.message);
          throw error;
        }
      }
      // Besides the recipient set, a report may be encrypted to the encryption subkey of the reporter key sent
      // with it (so the receipt rereads it on a return visit), and to nothing else; reports sent before that,
      // and reports by gpg users, are addressed to the recipient set alone.
      const { armoredReport, id } = await checkAddressing(input.armoredReport, reporterKeyIds, {
        reporterKeyOptional: true,
      });
      const receiptLookupHash = sha256(input.receiptLookup);
      // Evidence files (features/attachments): refused here, before any write, if not the sender's, not
      // complete or sent with another report.
      const files = await attachments.checkBinding(input.attachments, id);
      const stored = await store({
        id,
        receiptLookupHash,
        proof,
        armoredReport,
        reporterKey,
        envelopeVersion: input.envelopeVersion,
      });
      // Only now, with the report stored under this receipt (just now, or by an earlier send of this same
      // submission), are the files bound: a replay under another receipt was refused above and binds nothing;
      // a resend binds the same files to the same id again, which changes nothing. If binding fails the
      // report stays stored and the error goes back: the browser sends the same submission again, which
      // ends here once more, and the attachments sweep finishes any upload already marked.
      await files.bind();
      if (stored.created) {
        repository.listEntryLater({ _id: id, receivedAt: stored.receivedAt, status: 'new' });
        repository.recordReceiptLater({ _id: receiptLookupHash, reportId: id });
      }
      return stored;
    },

    /**
     * A page of a view, filtered and sorted in memory from this instance's
     * copy of the view, which is checked against the database first
     * (inbox-cache.ts), so it is never stale.
     */
    async list({ view, limit, cursor, sort, ...filter }: ListReportsQuery) {
      await repository.settled();
      const rows = await repository.rows(view);
      const now = clock.now();
      const page = pageOf(rows, {
        filter,
        sort,
        limit,
        after: cursor ? decodeCursor(cursor, sort) : undefined,
        reminders,
        now,
      });
      const lastKey = page.keys.at(-1);
      return {
        reports: page.rows.map((entry) => describeEntry(entry, reminders, now)),
        total: page.total,
        nextCursor: page.rows.length === limit && lastKey ? encodeCursor(sort, lastKey) : null,
      };
    },

    async get(id: string) {
      await repository.settled();
      const found = await repository.findWithBody(id);
      if (!found) throw reportErrors.notFound();
      const { entry, body } = found;
      return {
        ...describeEntry(entry, reminders, clock.now()),
        envelopeVersion: body.envelopeVersion,
        armoredReport: body.armoredReport,
        hasReporterKey: body.reporterKey !== null,
      };
    },

    /** Every report's workflow fields, active and archived, current as of this call (for the dashboard). */
    async allEntries() {
      await repository.settled();
      const [active, archived] = await Promise.all([repository.rows('active'), repository.rows('archive')]);
      return [...active, ...archived];
    },

    /**
     * Checks a thread message (features/messages) the way reports are
     * checked: the strict packet reader, then the recipients, which must be
     * the platform's recipient set and, besides, exactly the report's
     * reporter key (`reporterKeyIds`); returns it armored afresh.
     */
    checkMessageAddressing: (armoredMessage: string, reporterKeyIds: readonly string[]) =>
      checkAddressing(armoredMessage, reporterKeyIds),

    /** What a return visit and the thread need of a report: its reporter key, its status and its ciphertext. */
    async forThread(id: string) {
      await repository.settled();
      const found = await repository.findWithBody(id);
      if (!found) return null;
      const { body, entry } = found;
      return {
        status: entry.status,
        reporterKey: body.reporterKey,
        receivedAt: entry.receivedAt,
        // Ciphertext: since envelope v2 reports from the form are also encrypted to the reporter key.
        report: { envelopeVersion: body.envelopeVersion, armoredReport: body.armoredReport },
      };
    },

    /** The report a receipt opens (by the SHA-256 of the lookup value derived from it), or null. */
    async findByReceipt(receiptLookup: string): Promise<string | null> {
      // The lookup record is written after the answer, lingering: this instance's own lingering ones go first.
      await repository.settled();
      return (await repository.findByReceipt(sha256(receiptLookup)))?.reportId ?? null;
    },

    /** The inbox flag for replies a reviewer has not read (features/messages sets and clears it). */
    setUnreadReplies: (id: string, unread: boolean) => repository.setUnreadReplies(id, unread),

    /** Resolves when the inbox entries of every report this instance acknowledged are written. */
    settled: () => repository.settled(),

    /** Finishes what faults left half-done (see the repository); run at start and hourly. */
    sweep: () => repository.sweep(),
  };
}
