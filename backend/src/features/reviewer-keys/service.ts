import type { Clock } from '../../clock';
import { checkCertifiedReviewerKey, checkReviewerKey, isCryptoError } from '../../crypto';
import type { AgencyKeyService } from '../agency-key/service';
import type { AuditRecorder } from '../audit/service';
import { reviewerKeyErrors } from './errors';
import type { ReviewerKeyRecord } from './model';
import type { ActiveReviewers } from './recipients';
import type { ReviewerKeyRepository } from './repository';

export type ReviewerKeyService = ReturnType<typeof reviewerKeyService>;

const cryptoRefusal = async <T>(run: () => Promise<T>, wrap: (message: string) => Error): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    if (isCryptoError(error)) throw wrap(error.message);
    throw error;
  }
};

/**
 * Reviewers' own key pairs: made in the reviewer's browser at the first
 * login and stored here (the private half encrypted with a passphrase the
 * server never sees), then certified by the administrator with the agency
 * key, in the administrator's browser. Every change goes into the audit log.
 */
export function reviewerKeyService({
  repository,
  agencyKeys,
  reviewers,
  audit,
  clock,
  onChange = () => {},
}: {
  repository: ReviewerKeyRepository;
  agencyKeys: AgencyKeyService;
  reviewers: ActiveReviewers;
  audit: AuditRecorder;
  clock: Clock;
  /** Called when the recipient set may have changed (a certification), so cached copies are dropped. */
  onChange?: () => void;
}) {
  const isCertifiedNow = (key: ReviewerKeyRecord, agencyFingerprint: string) =>
    key.certification !== null && key.certification.agencyFingerprint === agencyFingerprint;

  return {
    /** The reviewer's own key, to unlock in their browser; null before their first key. */
    async own(username: string) {
      const key = await repository.find(username);
      if (!key) return { key: null };
      const agencyKey = await agencyKeys.current();
      return {
        key: {
          fingerprint: key.fingerprint,
          armoredPublicKey: key.armoredPublicKey,
          armoredPrivateKey: key.armoredPrivateKey,
          createdAt: key.createdAt,
          certified: agencyKey !== null && isCertifiedNow(key, agencyKey._id),
        },
      };
    },

    /** Stores the key pair a reviewer made at their first login, after the strict reading of both halves. */
    async create({
      username,
      armoredPublicKey,
      armoredPrivateKey,
    }: {
      username: string;
      armoredPublicKey: string;
      armoredPrivateKey: string;
    }) {
      const checked = await cryptoRefusal(
        () => checkReviewerKey({ armoredPublicKey, armoredPrivateKey }),
        reviewerKeyErrors.invalidKey,
      );
      const createdAt = clock.now();
      const stored = await repository.insert({
        _id: username,
        fingerprint: checked.fingerprint,
        armoredPublicKey: checked.armoredPublicKey,
        armoredPrivateKey: checked.armoredPrivateKey,
        encryptionKeyIds: checked.encryptionKeyIds,
        createdAt,
        certification: null,
      });
      if (!stored) throw reviewerKeyErrors.exists();
      await audit.record({
        actor: username,
        action: 'reviewer-key.create',
        target: username,
        details: { fingerprint: checked.fingerprint },
      });
      return { fingerprint: checked.fingerprint, createdAt, certified: false };
    },

    /** Every reviewer key with its state, for the administrator's certification screen. */
    async list() {
      const [keys, agencyKey, active] = await Promise.all([
        repository.list(),
        agencyKeys.current(),
        reviewers.activeUsernames(),
      ]);
      return keys.map((k) => ({
        username: k._id,
        fingerprint: k.fingerprint,
        armoredPublicKey: k.armoredPublicKey,
        createdAt: k.createdAt,
        active: active.has(k._id),
        certified: agencyKey !== null && isCertifiedNow(k, agencyKey._id),
        certifiedBy: k.certification?.certifiedBy ?? null,
        certifiedAt: k.certification?.certifiedAt ?? null,
      }));
    },

    /**
     * Stores the administrator's certification: the stored key's packets
     * unchanged plus one certification by the current agency key that verifies.
     */
    async certify({
      username,
      fingerprint,
      armoredCertifiedKey,
      actor,
    }: {
      username: string;
      fingerprint: string;
      armoredCertifiedKey: string;
      actor: string;
    }) {
      const key = await repository.find(username);
      if (!key) throw reviewerKeyErrors.notFound();
      if (key.fingerprint !== fingerprint.toLowerCase()) throw reviewerKeyErrors.keyChanged();
      const agencyKey = await agencyKeys.require();
      const checked = await cryptoRefusal(
        () =>
          checkCertifiedReviewerKey({
            armoredCertifiedKey,
            armoredStoredKey: key.armoredPublicKey,
            armoredAgencyKey: agencyKey.armoredPublicKey,
          }),
        reviewerKeyErrors.invalidCertification,
      );
      const certification = {
        armoredCertifiedKey: checked.armoredCertifiedKey,
        agencyFingerprint: agencyKey._id,
        certifiedBy: actor,
        certifiedAt: clock.now(),
      };
      if (!(await repository.certify(username, key.fingerprint, certification))) throw reviewerKeyErrors.keyChanged();
      onChange();
      await audit.record({
        actor,
        action: 'reviewer-key.certify',
        target: username,
        details: { fingerprint: key.fingerprint, agencyFingerprint: agencyKey._id },
      });
      return { username, fingerprint: key.fingerprint, certified: true, certifiedAt: certification.certifiedAt };
    },
  };
}
