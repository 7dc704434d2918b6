import { toHour, type Clock } from '../../clock';
import { readAgencyKey } from '../../crypto';
import type { AttachmentService } from '../attachments/service';
import type { ProofOfWorkService } from '../proof-of-work/service';
import type { TriageStatus } from '../reports/model';
import type { ReportService } from '../reports/service';
import { messageErrors } from './errors';
import type { MessageAuthor, MessageRecord } from './model';
import type { MessageRepository } from './repository';
import {
  MAX_ARMORED_MESSAGE_CHARS,
  MAX_THREAD_MESSAGES,
  type OpenReturnBody,
  type ReporterMessageBody,
} from './schemas';

export type MessageService = ReturnType<typeof messageService>;

/**
 * What a returning reporter is told of their report's triage status: a few
 * plain states, whatever statuses the console works with inside.
 */
export type ReporterStatus = 'received' | 'in_review' | 'closed' | 'referred';
export function reporterStatus(status: TriageStatus | string): ReporterStatus {
  if (status === 'new') return 'received';
  if (status === 'closed' || status === 'referred') return status;
  return 'in_review';
}

/**
 * Answers to a returning reporter are padded to these sizes: 32 KiB (an empty
 * thread and one of several short messages look the same), doubling to
 * 1 MiB, then whole MiB. A network observer or a log of response sizes
 * learns the bucket only.
 */
const SMALLEST_RETURN_BUCKET = 32 * 1024;
const LARGEST_DOUBLING_RETURN_BUCKET = 1024 * 1024;
export function returnBucket(length: number): number {
  let bucket = SMALLEST_RETURN_BUCKET;
  while (bucket < length && bucket < LARGEST_DOUBLING_RETURN_BUCKET) bucket *= 2;
  if (bucket >= length) return bucket;
  return Math.ceil(length / LARGEST_DOUBLING_RETURN_BUCKET) * LARGEST_DOUBLING_RETURN_BUCKET;
}

/** The answer with a `pad` of spaces, so its JSON is exactly a bucket's length (all ASCII: bytes = characters). */
export function padded<T extends object>(answer: T): T & { pad: string } {
  const bare = JSON.stringify({ ...answer, pad: '' });
  return { ...answer, pad: ' '.repeat(returnBucket(bare.length) - bare.length) };
}

const viewOf = (m: MessageRecord) => ({
  id: m._id,
  author: m.author,
  sentAt: m.sentAt,
  armoredMessage: m.armoredMessage,
});

/**
 * A report's thread: the reporter (coming back with the receipt) and the
 * reviewers write to each other. Every message is ciphertext to the
 * recipient set and the report's reporter key, checked by the same strict
 * reader and recipient check as reports (features/reports); nothing the
 * server stores can be read without one of those keys.
 */
export function messageService({
  repository,
  reports,
  attachments,
  proofOfWork,
  clock,
  accessCodes,
}: {
  repository: MessageRepository;
  reports: Pick<ReportService, 'checkMessageAddressing' | 'forThread' | 'findByReceipt' | 'setUnreadReplies'>;
  attachments: Pick<AttachmentService, 'checkBinding'>;
  proofOfWork: ProofOfWorkService;
  clock: Clock;
  /** The lawyers' access codes the reporter issued (features/lawyers), listed on every return visit. */
  accessCodes?: { codesForReturn(reportId: string): Promise<unknown[]> };
}) {
  /**
   * The report a receipt opens, after its proof of work is spent (a proof
   * buys one guess, right or wrong). Every way of not finding it is the same error.
   */
  async function openWithReceipt(input: { receiptLookup: string; proofOfWork?: OpenReturnBody['proofOfWork'] }) {
    await proofOfWork.redeem('return', input.proofOfWork);
    const reportId = await reports.findByReceipt(input.receiptLookup);
    const report = reportId ? await reports.forThread(reportId) : null;
    if (!reportId || !report?.reporterKey) throw messageErrors.receiptNotRecognised();
    return { reportId, report, reporterKey: report.reporterKey };
  }

  /** Checks and stores one message, then lists it in the thread. Idempotent for the same packets. */
  async function store(
    reportId: string,
    author: MessageAuthor,
    armoredPublicKey: string,
    armoredInput: string,
    bindFiles: () => Promise<void> = async () => {},
  ) {
    const reporterKeyIds = (await readAgencyKey({ armoredKey: armoredPublicKey })).encryptionKeyIds;
    // The id comes from the packets, as a report's does: the same message sent again is the same record.
    const { armoredReport: armoredMessage, id } = await reports.checkMessageAddressing(armoredInput, reporterKeyIds);
    // Its place first, in one guarded step: senders racing for the last places cannot pass the limit together,
    // and a refused message writes nothing.
    if ((await repository.list(reportId, id, MAX_THREAD_MESSAGES)) === 'full') {
      throw messageErrors.threadFull(MAX_THREAD_MESSAGES);
    }
    let sentAt = toHour(clock.now());
    if ((await repository.insert({ _id: id, reportId, author, sentAt, armoredMessage })) === 'duplicate') {
      const earlier = await repository.find(id);
      if (!earlier || earlier.reportId !== reportId || earlier.author !== author) {
        // Another report's message: the place just taken is not its own.
        if (earlier?.reportId !== reportId) await repository.unlist(reportId, id);
        throw messageErrors.alreadyStored();
      }
      sentAt = earlier.sentAt;
    }
    await bindFiles();
    return { id, sentAt };
  }

  const checkLength = (armored: string) => {
    if (armored.length > MAX_ARMORED_MESSAGE_CHARS) throw messageErrors.tooLarge(MAX_ARMORED_MESSAGE_CHARS);
  };

  return {
    /**
     * A return visit: the report's status in plain words, the reporter key
     * (its private half still locked by the passphrase only the receipt
     * gives), the stored report (ciphertext) and the whole thread, padded to
     * a size bucket. The same reads happen whether or not anything is waiting.
     */
    async open(input: OpenReturnBody) {
      const { reportId, report, reporterKey } = await openWithReceipt(input);
      const messages = await repository.thread(reportId);
      return padded({
        status: reporterStatus(report.status),
        receivedAt: report.receivedAt,
        reporterKey,
        // The stored report, ciphertext, on every visit (the same read and the same field whatever it holds): the
        // browser reads it with the reporter key if it was encrypted to it too (envelope v2 since it was).
        report: report.report,
        messages: messages.map(viewOf),
        accessCodes: accessCodes ? await accessCodes.codesForReturn(reportId) : [],
      });
    },

    /** The reporter writes, perhaps with files, which are bound to the report once the message is stored. */
    async sendAsReporter(input: ReporterMessageBody) {
      checkLength(input.armoredMessage);
      const { reportId, reporterKey } = await openWithReceipt(input);
      const files = await attachments.checkBinding(input.attachments, reportId);
      const stored = await store(reportId, 'reporter', reporterKey.armoredPublicKey, input.armoredMessage, () =>
        files.bind(),
      );
      // After the message is in the thread: a reviewer who reads in between sees it and the flag.
      await reports.setUnreadReplies(reportId, true);
      return padded({ sent: true, id: stored.id, sentAt: stored.sentAt });
    },

    /**
     * A reviewer reads the thread: the flag is cleared first, so a reply
     * arriving while this reads sets it again rather than being missed.
     */
    async readAsReviewer(reportId: string) {
      const report = await reports.forThread(reportId);
      if (!report) return null;
      await reports.setUnreadReplies(reportId, false);
      const messages = await repository.thread(reportId);
      return {
        reporterPublicKey: report.reporterKey?.armoredPublicKey ?? null,
        messages: messages.map(viewOf),
      };
    },

    async sendAsReviewer(reportId: string, armoredInput: string) {
      checkLength(armoredInput);
      const report = await reports.forThread(reportId);
      if (!report) return null;
      if (!report.reporterKey) throw messageErrors.noReporterKey();
      return store(reportId, 'reviewer', report.reporterKey.armoredPublicKey, armoredInput);
    },
  };
}
