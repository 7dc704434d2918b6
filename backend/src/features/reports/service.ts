import { createHash, randomBytes } from 'node:crypto';

import { toHour, type Clock } from '../../clock';
import { checkReporterKey, inspectEncryptedMessage, isCryptoError } from '../../crypto';
import type { AgencyKeyService } from '../agency-key/service';
import type { AttachmentService } from '../attachments/service';
import { MESSAGE_REFUSALS, reportErrors, type MessageRefusal } from './errors';
import type { ReportPageCursor, ReportRepository } from './repository';
import { MAX_ARMORED_REPORT_CHARS, REPORT_ID, type ListReportsQuery, type SubmitReportBody } from './schemas';

export type ReportService = ReturnType<typeof reportService>;

const newReportId = () => randomBytes(16).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function encodeCursor({ receivedAt, id }: ReportPageCursor): string {
  return Buffer.from(JSON.stringify([receivedAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): ReportPageCursor {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const receivedAt = new Date(String(time));
    if (typeof id === 'string' && REPORT_ID.test(id) && !Number.isNaN(receivedAt.getTime())) return { receivedAt, id };
  } catch {
    // reported below
  }
  throw reportErrors.invalidCursor();
}

export function reportService({
  repository,
  agencyKeys,
  attachments,
  clock,
}: {
  repository: ReportRepository;
  agencyKeys: AgencyKeyService;
  /** Evidence files: checked before anything is written, bound to the report as it is stored. */
  attachments: Pick<AttachmentService, 'checkBinding'>;
  clock: Clock;
}) {
  /**
   * The server cannot read a report, but it can read who it is addressed to:
   * it accepts only a public-key encrypted message whose recipients include
   * the current agency key and are all recipients of this platform, and
   * returns it armored afresh from its packets, which is what gets stored.
   */
  async function checkAddressing(armoredReport: string): Promise<string> {
    const agencyKey = await agencyKeys.require();
    let inspected;
    try {
      inspected = inspectEncryptedMessage({ armoredMessage: armoredReport });
    } catch (error) {
      if (isCryptoError(error) && (MESSAGE_REFUSALS as readonly string[]).includes(error.code)) {
        throw reportErrors.refusedMessage(error.code as MessageRefusal, error.message);
      }
      throw error;
    }
    const { recipientKeyIds, canonicalArmoredMessage } = inspected;
    const allowed = new Set(agencyKey.encryptionKeyIds);
    if (!recipientKeyIds.some((id) => allowed.has(id))) throw reportErrors.notAddressedToAgency();
    const strangers = recipientKeyIds.filter((id) => !allowed.has(id));
    if (strangers.length > 0) throw reportErrors.unknownRecipient(strangers);
    return canonicalArmoredMessage;
  }

  return {
    async submit(input: SubmitReportBody): Promise<{ receivedAt: Date }> {
      if (input.armoredReport.length > MAX_ARMORED_REPORT_CHARS) throw reportErrors.tooLarge(MAX_ARMORED_REPORT_CHARS);
      const armoredReport = await checkAddressing(input.armoredReport);
      // Stored as re-armored from exactly the packets a reporter key consists of, never as sent.
      let reporterKey = null;
      if (input.reporterKey) {
        try {
          const { armoredPublicKey, armoredPrivateKey } = await checkReporterKey(input.reporterKey);
          reporterKey = { armoredPublicKey, armoredPrivateKey };
        } catch (error) {
          if (isCryptoError(error)) throw reportErrors.invalidReporterKey(error.message);
          throw error;
        }
      }
      // Evidence files (features/attachments): refused here, before any write, if not the sender's or not complete.
      const files = await attachments.checkBinding(input.attachments);
      const id = newReportId();
      const receivedAt = toHour(clock.now());
      await files.bind(id);
      await repository
        .insert(
          {
            _id: id,
            receivedAt,
            status: 'new',
            envelopeVersion: input.envelopeVersion,
            receiptLookupHash: sha256(input.receiptLookup),
          },
          { _id: id, armoredReport, reporterKey },
        )
        .catch(async (error: unknown) => {
          await files.unbind(id).catch(() => {});
          throw error;
        });
      return { receivedAt };
    },

    async list({ status, limit, cursor }: ListReportsQuery) {
      const rows = await repository.page({ status, limit, after: cursor ? decodeCursor(cursor) : undefined });
      const last = rows.at(-1);
      return {
        reports: rows.map((r) => ({ id: r._id, receivedAt: r.receivedAt, status: r.status })),
        nextCursor: rows.length === limit && last ? encodeCursor({ receivedAt: last.receivedAt, id: last._id }) : null,
      };
    },

    async get(id: string) {
      const found = await repository.findWithBody(id);
      if (!found) throw reportErrors.notFound();
      const { report, body } = found;
      return {
        id: report._id,
        receivedAt: report.receivedAt,
        status: report.status,
        envelopeVersion: report.envelopeVersion,
        armoredReport: body.armoredReport,
        hasReporterKey: body.reporterKey !== null,
      };
    },
  };
}
