import type { Clock } from '../../clock';
import { inspectEncryptedMessage, isCryptoError } from '../../crypto';
import type { DestinationKeyService } from '../destination-keys/service';
import { MESSAGE_REFUSALS, type MessageRefusal } from '../reports/errors';
import type { ReportService } from '../reports/service';
import { checkRecipients, type RecipientSetService } from '../reviewer-keys/recipients';
import { referralErrors } from './errors';
import type { ReferralRecord } from './model';
import { referralId, type ReferralRepository } from './repository';
import { MAX_ARMORED_REFERRAL_CHARS, MAX_REFERRALS_PER_REPORT, type StoreReferralBody } from './schemas';

export type ReferralService = ReturnType<typeof referralService>;

const view = (r: ReferralRecord) => ({
  id: r._id,
  reportId: r.reportId,
  envelopeVersion: r.envelopeVersion,
  armoredReferral: r.armoredReferral,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

export function referralService({
  repository,
  reports,
  recipients,
  destinationKeys,
  clock,
}: {
  repository: ReferralRepository;
  reports: Pick<ReportService, 'get'>;
  recipients: Pick<RecipientSetService, 'allowedKeyIds'>;
  destinationKeys: Pick<DestinationKeyService, 'get'>;
  clock: Clock;
}) {
  /**
   * The packet check reports get (crypto/src/inspect.ts): a public-key
   * encrypted message to the current agency key and to no key outside the
   * recipient set; stored re-armored from its packets.
   */
  async function checkAddressing(armoredReferral: string): Promise<string> {
    let inspected;
    try {
      inspected = inspectEncryptedMessage({ armoredMessage: armoredReferral });
    } catch (error) {
      if (isCryptoError(error) && (MESSAGE_REFUSALS as readonly string[]).includes(error.code)) {
        throw referralErrors.refusedMessage(error.code as MessageRefusal, error.message);
      }
      throw error;
    }
    const { recipientKeyIds, canonicalArmoredMessage } = inspected;
    const refusal = await checkRecipients(recipients, recipientKeyIds);
    if (refusal?.problem === 'not_addressed_to_agency') throw referralErrors.notAddressedToAgency();
    if (refusal?.problem === 'unknown_recipient') throw referralErrors.unknownRecipient(refusal.strangers);
    return canonicalArmoredMessage;
  }

  return {
    /** Stores a referral under the next free number of its report; the report must exist. */
    async store(reportId: string, body: StoreReferralBody, actor: string) {
      if (body.armoredReferral.length > MAX_ARMORED_REFERRAL_CHARS) {
        throw referralErrors.tooLarge(MAX_ARMORED_REFERRAL_CHARS);
      }
      const armoredReferral = await checkAddressing(body.armoredReferral);
      await reports.get(reportId);
      const existing = await repository.listFor(reportId, MAX_REFERRALS_PER_REPORT);
      for (let seq = existing.length + 1; seq <= MAX_REFERRALS_PER_REPORT; seq++) {
        const record: ReferralRecord = {
          _id: referralId(reportId, seq),
          reportId,
          seq,
          envelopeVersion: body.envelopeVersion,
          armoredReferral,
          createdAt: clock.now(),
          createdBy: actor,
        };
        if (await repository.insert(record)) return view(record);
      }
      throw referralErrors.tooMany(MAX_REFERRALS_PER_REPORT);
    },

    async listFor(reportId: string) {
      await reports.get(reportId);
      return (await repository.listFor(reportId, MAX_REFERRALS_PER_REPORT)).map(view);
    },

    async get(id: string) {
      const found = await repository.find(id);
      if (!found) throw referralErrors.notFound();
      return view(found);
    },

    /**
     * Before an export: the referral and the destination must exist. Answers
     * the destination key the browser encrypts the package to (it checks the
     * fingerprint itself, against the one the reviewer chose).
     */
    async prepareExport(id: string, destinationFingerprint: string) {
      const referral = await repository.find(id);
      if (!referral) throw referralErrors.notFound();
      const destination = await destinationKeys.get(destinationFingerprint);
      return { referral: { id: referral._id, reportId: referral.reportId }, destination };
    },
  };
}
