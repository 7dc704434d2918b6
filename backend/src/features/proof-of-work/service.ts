import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { toHour, type Clock } from '../../clock';
import { leadingZeroBits, MAX_NONCE_LENGTH, MAX_PROOF_OF_WORK_BITS, type ProofOfWork } from '../../crypto';
import { proofOfWorkErrors } from './errors';
import type { ProofOfWorkRepository } from './repository';

/** `return`: a reporter opening their report, or writing in its thread, with the receipt. */
export const CHALLENGE_PURPOSES = ['report', 'login', 'upload', 'return', 'lawyer'] as const;
export type ChallengePurpose = (typeof CHALLENGE_PURPOSES)[number];

export type ProofOfWorkService = ReturnType<typeof proofOfWorkService>;

/** A proof that passed every check but has not been spent yet. */
export interface VerifiedProof {
  challengeDigest: string;
  expiresAt: Date;
}

const HOUR_MS = 3_600_000;
/** A challenge stays valid until the end of the hour after the one it was issued in: time to write a long report. */
const VALID_HOURS = 2;
/** Challenges issued per minute (per purpose, per instance) that count as normal load; each doubling adds a bit. */
const NORMAL_PER_MINUTE = 60;
/** However heavy the load, a challenge asks for at most this many bits more than the base. */
const MAX_EXTRA_BITS = 6;
const CHALLENGE = /^v1\.([a-z]+)\.(\d{1,8})\.(\d{1,2})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/;

/**
 * Issues and checks hashcash challenges (crypto/src/proof-of-work.ts). A
 * challenge carries its purpose, expiry hour and difficulty, signed with the
 * platform's challenge key, so issuing one stores nothing; spending one is an
 * insert keyed by its hash, so it works once across every server instance. No
 * address or other trait of the client is used: the price is the same for all.
 */
export function proofOfWorkService({
  repository,
  clock,
  baseBits,
}: {
  repository: ProofOfWorkRepository;
  clock: Clock;
  /** PROOF_OF_WORK_BITS; 0 turns proof of work off everywhere. */
  baseBits: number;
}) {
  let key: Promise<Buffer> | null = null;
  const challengeKey = () => {
    key ??= repository.challengeKey().catch((error: unknown) => {
      key = null;
      throw error;
    });
    return key;
  };
  const mac = async (body: string) =>
    createHmac('sha256', await challengeKey())
      .update(body)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  const issuedAt = new Map<ChallengePurpose, number[]>();

  /** The base difficulty, raised by a bit for each doubling of recent demand above normal on this instance. */
  function currentBits(purpose: ChallengePurpose): number {
    const now = clock.now().getTime();
    const recent = (issuedAt.get(purpose) ?? []).filter((t) => t > now - 60_000);
    issuedAt.set(purpose, recent);
    const extra = recent.length <= NORMAL_PER_MINUTE ? 0 : Math.ceil(Math.log2(recent.length / NORMAL_PER_MINUTE));
    return Math.min(baseBits + Math.min(extra, MAX_EXTRA_BITS), MAX_PROOF_OF_WORK_BITS);
  }

  /**
   * Checks a proof for `purpose` without spending it: costs one HMAC and one
   * hash, no database, so a request without a valid proof is refused before
   * any other work. Null when proof of work is turned off.
   * `minimumBits` is what this caller must have paid at least.
   */
  async function verify(
    purpose: ChallengePurpose,
    proof: ProofOfWork | undefined,
    minimumBits = baseBits,
  ): Promise<VerifiedProof | null> {
    if (baseBits === 0) return null;
    if (!proof) throw proofOfWorkErrors.required();
    const match = CHALLENGE.exec(proof.challenge);
    if (!match || proof.nonce.length > MAX_NONCE_LENGTH || !/^\d+$/.test(proof.nonce)) {
      throw proofOfWorkErrors.invalid('it is not a challenge this server issued');
    }
    const [, claimedPurpose, expiresHour, bitsText, , tag] = match as unknown as string[];
    const body = proof.challenge.slice(0, proof.challenge.lastIndexOf('.'));
    const expected = Buffer.from(await mac(body), 'base64url');
    if (!timingSafeEqual(expected, Buffer.from(tag!, 'base64url'))) {
      throw proofOfWorkErrors.invalid('it is not a challenge this server issued');
    }
    if (claimedPurpose !== purpose) throw proofOfWorkErrors.invalid(`the challenge was issued for ${claimedPurpose}`);
    const expiresAt = new Date(Number(expiresHour) * HOUR_MS);
    if (expiresAt <= clock.now()) throw proofOfWorkErrors.invalid('the challenge has expired; get a new one');
    const bits = Number(bitsText);
    if (bits < minimumBits) throw proofOfWorkErrors.invalid('the challenge is easier than this request needs');
    const digest = createHash('sha256').update(`${proof.challenge}:${proof.nonce}`).digest();
    if (leadingZeroBits(digest) < bits) throw proofOfWorkErrors.invalid('the nonce does not solve the challenge');
    return { challengeDigest: createHash('sha256').update(proof.challenge).digest('hex'), expiresAt };
  }

  /** Spends a verified proof: one insert, so it works once across every server instance. */
  async function spend(verified: VerifiedProof | null): Promise<void> {
    if (verified && !(await repository.spend(verified.challengeDigest, verified.expiresAt))) {
      throw proofOfWorkErrors.spent();
    }
  }

  return {
    enabled: baseBits > 0,
    baseBits,
    currentBits,
    verify,
    spend,

    /**
     * A fresh challenge. `extraBits` lets a route ask more of some callers
     * (a username with many failed logins, say); `maxBits` caps the total,
     * load included, where a route promises its callers a bounded cost.
     */
    async issue(purpose: ChallengePurpose, extraBits = 0, maxBits = MAX_PROOF_OF_WORK_BITS) {
      const bits = Math.min(currentBits(purpose) + extraBits, maxBits, MAX_PROOF_OF_WORK_BITS);
      // Beyond this many a minute the difficulty is at its highest anyway, so older times need not be kept.
      const recent = (issuedAt.get(purpose) ?? []).slice(-NORMAL_PER_MINUTE * 2 ** MAX_EXTRA_BITS);
      issuedAt.set(purpose, [...recent, clock.now().getTime()]);
      const expiresAt = new Date(toHour(clock.now()).getTime() + VALID_HOURS * HOUR_MS);
      const body = `v1.${purpose}.${expiresAt.getTime() / HOUR_MS}.${bits}.${randomBytes(12).toString('base64url')}`;
      return { challenge: `${body}.${await mac(body)}`, bits, expiresAt };
    },

    /**
     * Checks a proof for `purpose` and spends its challenge. With proof of
     * work turned off it accepts anything, including no proof.
     */
    async redeem(purpose: ChallengePurpose, proof: ProofOfWork | undefined, minimumBits = baseBits): Promise<void> {
      await spend(await verify(purpose, proof, minimumBits));
    },

    sweep: () => repository.sweep(clock.now()),
  };
}
