import type { AgencyKeyService } from '../agency-key/service';
import type { ReviewerKeyRecord } from './model';
import type { ReviewerKeyRepository } from './repository';

export type RecipientSetService = ReturnType<typeof recipientSetService>;

/** Which accounts may receive reports: those not disabled (features/reviewers). */
export interface ActiveReviewers {
  activeUsernames(): Promise<Set<string>>;
}

/** The key IDs a message may be addressed to: the agency key's, and those of the whole recipient set. */
export interface AllowedRecipients {
  agency: Set<string>;
  all: Set<string>;
}

/** How long a read of the recipient set is used to accept messages (see `allowedKeyIds`). */
const FRESH_MS = 1_000;

/**
 * The recipient set: the current agency key plus every reviewer key that
 * carries a certification by *that* agency key (so after a rotation the old
 * certifications no longer count) and whose reviewer is not disabled.
 * Served to browsers, which check every certification themselves, and used
 * by the server to accept exactly this set in reports and segments.
 */
export function recipientSetService({
  repository,
  agencyKeys,
  reviewers,
}: {
  repository: ReviewerKeyRepository;
  agencyKeys: AgencyKeyService;
  reviewers: ActiveReviewers;
}) {
  async function current() {
    const [agencyKey, keys, active] = await Promise.all([
      agencyKeys.require(),
      repository.list(),
      reviewers.activeUsernames(),
    ]);
    const certified = keys.filter(
      (k): k is ReviewerKeyRecord & { certification: NonNullable<ReviewerKeyRecord['certification']> } =>
        k.certification !== null && k.certification.agencyFingerprint === agencyKey._id && active.has(k._id),
    );
    return { agencyKey, certified };
  }

  let recent: { allowed: AllowedRecipients; readAt: number } | null = null;
  return {
    /** What `GET /api/v1/recipient-keys` serves; names no reviewer (the keys' user IDs are all the same). */
    async served() {
      const { agencyKey, certified } = await current();
      return {
        agencyKey: { fingerprint: agencyKey._id, armoredPublicKey: agencyKey.armoredPublicKey },
        reviewerKeys: certified.map((k) => ({
          fingerprint: k.fingerprint,
          armoredPublicKey: k.certification.armoredCertifiedKey,
        })),
      };
    },

    /**
     * The allowed recipients, read at most once a second for accepting (or at
     * once, `fresh`, before refusing): a read per submission was a third of
     * its database round trips. A rotated agency key or a newly certified
     * reviewer key is used by every instance within a second; disabling a
     * reviewer clears this instance's copy at once (`forget`).
     */
    async allowedKeyIds(fresh: boolean): Promise<AllowedRecipients> {
      if (!fresh && recent && performance.now() - recent.readAt < FRESH_MS) return recent.allowed;
      const { agencyKey, certified } = await current();
      const agency = new Set(agencyKey.encryptionKeyIds);
      const all = new Set([...agency, ...certified.flatMap((k) => k.encryptionKeyIds)]);
      recent = { allowed: { agency, all }, readAt: performance.now() };
      return recent.allowed;
    },

    /** Drops this instance's copy: the next message is checked against the set as stored now. */
    forget() {
      recent = null;
    },
  };
}

/**
 * The check every encrypted thing the server stores passes: at least one
 * recipient is the agency key, and every recipient is in the set. Returns
 * what is wrong, or null.
 */
export function addressingProblem(
  recipientKeyIds: readonly string[],
  allowed: AllowedRecipients,
): { problem: 'not_addressed_to_agency' } | { problem: 'unknown_recipient'; strangers: string[] } | null {
  if (!recipientKeyIds.some((id) => allowed.agency.has(id))) return { problem: 'not_addressed_to_agency' };
  const strangers = recipientKeyIds.filter((id) => !allowed.all.has(id));
  return strangers.length > 0 ? { problem: 'unknown_recipient', strangers } : null;
}

/**
 * The addressing check with the cached set first and the set as stored now
 * before any refusal: a recently read set may accept a message; only the
 * current one may refuse it.
 */
export async function checkRecipients(
  recipients: Pick<RecipientSetService, 'allowedKeyIds'>,
  recipientKeyIds: string[],
) {
  const problem = addressingProblem(recipientKeyIds, await recipients.allowedKeyIds(false));
  return problem && addressingProblem(recipientKeyIds, await recipients.allowedKeyIds(true));
}
