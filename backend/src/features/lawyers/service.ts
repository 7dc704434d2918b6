import { createHash, randomBytes } from 'node:crypto';

import { toHour, type Clock } from '../../clock';
import { checkReporterKey, inspectEncryptedMessage, isCryptoError, readAgencyKey } from '../../crypto';
import { nativeKeyPrimitives } from '../../native-key-primitives';
import type { AttachmentService } from '../attachments/service';
import { messageErrors } from '../messages/errors';
import { padded, reporterStatus } from '../messages/service';
import type { ProofOfWorkService } from '../proof-of-work/service';
import type { ReportService } from '../reports/service';
import { lawyerErrors } from './errors';
import type { AccessCodeRecord, LawyerMessageAuthor, LawyerMessageRecord } from './model';
import type { LawyerRepository } from './repository';
import {
  MAX_ACCESS_CODES_PER_REPORT,
  MAX_ARMORED_LABEL_CHARS,
  MAX_ARMORED_LAWYER_MESSAGE_CHARS,
  MAX_ARMORED_SHARE_CHARS,
  MAX_LAWYER_THREAD_MESSAGES,
  type IssueAccessCodeBody,
  type LawyerMessageBody,
  type LawyerUploadBody,
  type OpenAccessCodeBody,
  type RevokeAccessCodeBody,
  type ShareWithLawyerBody,
} from './schemas';

export type LawyerService = ReturnType<typeof lawyerService>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const encryptionKeyIds = async (armoredKey: string) => (await readAgencyKey({ armoredKey })).encryptionKeyIds;

const messageView = (m: LawyerMessageRecord) => ({
  id: m._id,
  author: m.author,
  sentAt: m.sentAt,
  armoredMessage: m.armoredMessage,
});
const codeView = (c: AccessCodeRecord) => ({
  codeId: c.codeId,
  armoredLabel: c.armoredLabel,
  issuedAt: c.issuedAt,
  revokedAt: c.revokedAt,
  // The reporter's page encrypts what it shares to this key.
  lawyerPublicKey: c.lawyerKey.armoredPublicKey,
  sharedAt: c.sharedAt ?? null,
});

/**
 * Lawyers' access codes and what they open. The reporter (with the receipt)
 * issues, lists and revokes codes; a lawyer (with a code) sees the report's
 * status, writes with the agency in a thread of their own and adds evidence;
 * reviewers read and answer each lawyer's thread. The server holds ciphertext,
 * hashes of lookup values, public keys, locked private keys and hours.
 */
export function lawyerService({
  repository,
  reports,
  attachments,
  proofOfWork,
  clock,
}: {
  repository: LawyerRepository;
  reports: Pick<ReportService, 'checkMessageAddressing' | 'forThread' | 'findByReceipt' | 'setUnreadReplies'>;
  attachments: Pick<AttachmentService, 'checkBinding' | 'createForLawyer'>;
  proofOfWork: ProofOfWorkService;
  clock: Clock;
}) {
  /** The reporter's side: as a return visit (features/messages), the same proof purpose and the same uniform error. */
  async function openWithReceipt(input: { receiptLookup: string; proofOfWork?: IssueAccessCodeBody['proofOfWork'] }) {
    await proofOfWork.redeem('return', input.proofOfWork);
    const reportId = await reports.findByReceipt(input.receiptLookup);
    const report = reportId ? await reports.forThread(reportId) : null;
    if (!reportId || !report?.reporterKey) throw messageErrors.receiptNotRecognised();
    return { reportId, reporterKey: report.reporterKey };
  }

  /** The code as it opens now: unknown, revoked or of a report gone are the same error. */
  async function findOpenCode(accessLookup: string) {
    const code = await repository.findCode(sha256(accessLookup));
    const report = code && code.revokedAt === null ? await reports.forThread(code.reportId) : null;
    if (!code || !report?.reporterKey) throw lawyerErrors.accessCodeNotRecognised();
    return { code, report: { ...report, reporterKey: report.reporterKey } };
  }

  /** A proof of work buys one guess at a code, right or wrong, as one at a receipt. */
  async function openWithCode(input: OpenAccessCodeBody) {
    await proofOfWork.redeem('lawyer', input.proofOfWork);
    return findOpenCode(input.accessLookup);
  }

  /** The lawyer key is a key pair of exactly the reporter key's form, checked packet by packet (crypto/src/reporter-key.ts). */
  async function checkLawyerKey(lawyerKey: IssueAccessCodeBody['lawyerKey']) {
    try {
      const { armoredPublicKey, armoredPrivateKey } = await checkReporterKey(lawyerKey, nativeKeyPrimitives);
      return { armoredPublicKey, armoredPrivateKey };
    } catch (error) {
      if (isCryptoError(error)) throw lawyerErrors.invalidLawyerKey(error.message);
      throw error;
    }
  }

  /** The label must be an encrypted message to the reporter key alone: nobody else, and nothing in the clear. */
  async function checkLabel(armoredLabel: string, reporterPublicKey: string): Promise<string> {
    if (armoredLabel.length > MAX_ARMORED_LABEL_CHARS) throw lawyerErrors.labelTooLarge(MAX_ARMORED_LABEL_CHARS);
    let inspected;
    try {
      inspected = inspectEncryptedMessage({ armoredMessage: armoredLabel });
    } catch (error) {
      if (isCryptoError(error)) throw lawyerErrors.invalidLabel(error.message);
      throw error;
    }
    const reporterKeyIds = await encryptionKeyIds(reporterPublicKey);
    if (!inspected.recipientKeyIds.every((id) => reporterKeyIds.includes(id))) {
      throw lawyerErrors.invalidLabel('A label is encrypted to the reporter key alone.');
    }
    return inspected.canonicalArmoredMessage;
  }

  /** What is shared must be encrypted to the lawyer key, and to nothing but it and the reporter key. */
  async function checkShare(armoredShare: string, code: AccessCodeRecord, reporterPublicKey: string) {
    if (armoredShare.length > MAX_ARMORED_SHARE_CHARS) throw lawyerErrors.shareTooLarge(MAX_ARMORED_SHARE_CHARS);
    let inspected;
    try {
      inspected = inspectEncryptedMessage({ armoredMessage: armoredShare });
    } catch (error) {
      if (isCryptoError(error)) throw lawyerErrors.invalidShare(error.message);
      throw error;
    }
    const lawyerKeyIds = await encryptionKeyIds(code.lawyerKey.armoredPublicKey);
    const allowed = [...lawyerKeyIds, ...(await encryptionKeyIds(reporterPublicKey))];
    const { recipientKeyIds } = inspected;
    if (
      !recipientKeyIds.some((id) => lawyerKeyIds.includes(id)) ||
      !recipientKeyIds.every((id) => allowed.includes(id))
    ) {
      throw lawyerErrors.invalidShare('What is shared is encrypted to the lawyer key and the reporter key alone.');
    }
    return inspected.canonicalArmoredMessage;
  }

  /** Checks and stores one message of a lawyer's thread, then lists it. Idempotent for the same packets. */
  async function store(
    code: AccessCodeRecord,
    author: LawyerMessageAuthor,
    armoredInput: string,
    bindFiles: () => Promise<void> = async () => {},
  ) {
    if (armoredInput.length > MAX_ARMORED_LAWYER_MESSAGE_CHARS) {
      throw lawyerErrors.tooLarge(MAX_ARMORED_LAWYER_MESSAGE_CHARS);
    }
    const lawyerKeyIds = await encryptionKeyIds(code.lawyerKey.armoredPublicKey);
    // The reports' strict reader and recipient check: the agency key, only the recipient set, and the lawyer key.
    const { armoredReport: armoredMessage, id } = await reports.checkMessageAddressing(armoredInput, lawyerKeyIds);
    // Its place first, in one guarded step: senders racing for the last places cannot pass the limit together,
    // and a refused message writes nothing.
    if ((await repository.listMessage(code.codeId, id, MAX_LAWYER_THREAD_MESSAGES)) === 'full') {
      throw lawyerErrors.threadFull(MAX_LAWYER_THREAD_MESSAGES);
    }
    let sentAt = toHour(clock.now());
    const record = { _id: id, codeId: code.codeId, reportId: code.reportId, author, sentAt, armoredMessage };
    if ((await repository.insertMessage(record)) === 'duplicate') {
      const earlier = await repository.findMessage(id);
      if (!earlier || earlier.codeId !== code.codeId || earlier.author !== author) {
        // Another thread's message: the place just taken is not its own.
        if (earlier?.codeId !== code.codeId) await repository.unlistMessage(code.codeId, id);
        throw lawyerErrors.alreadyStored();
      }
      sentAt = earlier.sentAt;
    }
    await bindFiles();
    return { id, sentAt };
  }

  return {
    /** The reporter issues a code for their lawyer. Sending the same issue again answers as the first time. */
    async issue(input: IssueAccessCodeBody) {
      if (input.armoredLabel.length > MAX_ARMORED_LABEL_CHARS) {
        throw lawyerErrors.labelTooLarge(MAX_ARMORED_LABEL_CHARS);
      }
      const { reportId, reporterKey } = await openWithReceipt(input);
      const lawyerKey = await checkLawyerKey(input.lawyerKey);
      const armoredLabel = await checkLabel(input.armoredLabel, reporterKey.armoredPublicKey);
      const codeHash = sha256(input.accessLookup);
      const earlier = await repository.findCode(codeHash);
      if (earlier) {
        if (earlier.reportId !== reportId || earlier.lawyerKey.armoredPublicKey !== lawyerKey.armoredPublicKey) {
          throw lawyerErrors.accessCodeTaken();
        }
        return padded({ codeId: earlier.codeId, issuedAt: earlier.issuedAt });
      }
      const record: AccessCodeRecord = {
        _id: codeHash,
        codeId: randomBytes(16).toString('base64url'),
        reportId,
        lawyerKey,
        armoredLabel,
        issuedAt: toHour(clock.now()),
        revokedAt: null,
        armoredShare: null,
        sharedAt: null,
      };
      // Listed first, in one guarded step: codes issued at once cannot pass the limit together.
      if ((await repository.listCode(reportId, codeHash, MAX_ACCESS_CODES_PER_REPORT)) === 'full') {
        throw lawyerErrors.tooManyCodes(MAX_ACCESS_CODES_PER_REPORT);
      }
      if ((await repository.insertCode(record)) === 'duplicate') {
        // The same issue sent twice at once answers as one; another report's code is not this report's to list.
        const raced = await repository.findCode(codeHash);
        if (raced?.reportId === reportId && raced.lawyerKey.armoredPublicKey === lawyerKey.armoredPublicKey) {
          return padded({ codeId: raced.codeId, issuedAt: raced.issuedAt });
        }
        if (raced?.reportId !== reportId) await repository.unlistCode(reportId, codeHash);
        throw lawyerErrors.accessCodeTaken();
      }
      return padded({ codeId: record.codeId, issuedAt: record.issuedAt });
    },

    /** The codes a report has, for its return visit (features/messages adds them to the answer). */
    async codesForReturn(reportId: string) {
      return (await repository.codesOf(reportId)).map(codeView);
    },

    /** The reporter revokes a code: from the next request on it opens nothing, with the wrong code's error. */
    async revoke(input: RevokeAccessCodeBody) {
      const { reportId } = await openWithReceipt(input);
      const code = (await repository.codesOf(reportId)).find((c) => c.codeId === input.codeId);
      if (!code) throw lawyerErrors.accessCodeNotFound();
      const revokedAt = code.revokedAt ?? toHour(clock.now());
      if (code.revokedAt === null) await repository.revoke(code._id, revokedAt);
      return padded({ codeId: code.codeId, revokedAt });
    },

    /**
     * The reporter shares their own report and/or thread (as they read them)
     * with one open code's lawyer, replacing what was shared, or stops
     * sharing (`null`). The server sees only that something was shared.
     */
    async share(input: ShareWithLawyerBody) {
      const { reportId, reporterKey } = await openWithReceipt(input);
      const code = (await repository.codesOf(reportId)).find((c) => c.codeId === input.codeId);
      if (!code || code.revokedAt !== null) throw lawyerErrors.accessCodeNotFound();
      const armoredShare =
        input.armoredShare === null ? null : await checkShare(input.armoredShare, code, reporterKey.armoredPublicKey);
      const sharedAt = armoredShare === null ? null : toHour(clock.now());
      await repository.share(code._id, armoredShare, sharedAt);
      return padded({ codeId: code.codeId, sharedAt });
    },

    /**
     * The lawyer's page: the report's status in the reporter's plain words,
     * the lawyer key (locked by the code), the reporter key's public half
     * (evidence is encrypted to it too) and the lawyer's thread, padded.
     */
    async open(input: OpenAccessCodeBody) {
      const { code, report } = await openWithCode(input);
      const messages = await repository.thread(code.codeId);
      return padded({
        status: reporterStatus(report.status),
        issuedAt: code.issuedAt,
        lawyerKey: code.lawyerKey,
        reporterPublicKey: report.reporterKey.armoredPublicKey,
        messages: messages.map(messageView),
        // Only what the reporter chose to share, encrypted by their browser to this lawyer key.
        shared: code.armoredShare ? { armoredShare: code.armoredShare, sharedAt: code.sharedAt ?? null } : null,
      });
    },

    /** The lawyer writes, perhaps with evidence files, bound to the report once the message is stored. */
    async sendAsLawyer(input: LawyerMessageBody) {
      if (input.armoredMessage.length > MAX_ARMORED_LAWYER_MESSAGE_CHARS) {
        throw lawyerErrors.tooLarge(MAX_ARMORED_LAWYER_MESSAGE_CHARS);
      }
      const { code } = await openWithCode(input);
      const files = await attachments.checkBinding(input.attachments, code.reportId, 'lawyer');
      const stored = await store(code, 'lawyer', input.armoredMessage, () => files.bind());
      await reports.setUnreadReplies(code.reportId, true);
      return padded({ sent: true, id: stored.id, sentAt: stored.sentAt });
    },

    /**
     * A lawyer's evidence upload: the `upload` proof is spent before the code
     * is looked up (one guess per proof), then the upload may be encrypted to
     * the report's reporter key and the lawyer key as well as the recipient set.
     */
    createUpload(input: LawyerUploadBody) {
      return attachments.createForLawyer(
        { segmentCount: input.segmentCount, proofOfWork: input.proofOfWork },
        async () => {
          const { code, report } = await findOpenCode(input.accessLookup);
          const keyIds = [
            ...(await encryptionKeyIds(report.reporterKey.armoredPublicKey)),
            ...(await encryptionKeyIds(code.lawyerKey.armoredPublicKey)),
          ];
          return { reportId: code.reportId, extraRecipientKeyIds: keyIds };
        },
      );
    },

    /** Every lawyer thread of a report, for the console; null when there is no such report. */
    async threadsForReviewer(reportId: string) {
      if (!(await reports.forThread(reportId))) return null;
      const codes = await repository.codesOf(reportId);
      const threads = await Promise.all(
        codes.map(async (c) => ({
          codeId: c.codeId,
          issuedAt: c.issuedAt,
          revokedAt: c.revokedAt,
          lawyerPublicKey: c.lawyerKey.armoredPublicKey,
          messages: (await repository.thread(c.codeId)).map(messageView),
        })),
      );
      return { threads };
    },

    async sendAsReviewer(reportId: string, codeId: string, armoredInput: string) {
      const code = (await repository.codesOf(reportId)).find((c) => c.codeId === codeId);
      if (!code) throw lawyerErrors.threadNotFound();
      return store(code, 'reviewer', armoredInput);
    },
  };
}
