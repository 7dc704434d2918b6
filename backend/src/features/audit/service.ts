import type { Clock } from '../../clock';
import type { AuditAction } from './actions';
import { cleanDetails, entryHash, GENESIS_HASH, seal } from './chain';
import type { AuditEntryRecord } from './model';
import type { AuditFilter, AuditRepository } from './repository';

export type AuditService = ReturnType<typeof auditService>;
/** What other features need: only `record`. */
export type AuditRecorder = Pick<AuditService, 'record'>;

export interface AuditEvent {
  /** A username, or a `system:` / `cli:` / `unknown:` actor (actions.ts). */
  actor: string;
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export type VerifyResult =
  | { ok: true; entries: number; head: AuditHead }
  | { ok: false; entries: number; head: AuditHead; broken: { seq: number; problem: string } };

/** Appends that lose the race for a number follow the winner and try the next; this bounds the retries. */
const MAX_APPEND_TRIES = 1000;

/**
 * The append-only, hash-chained audit log. There are no transactions: an
 * entry claims its sequence number by inserting it as `_id` (one writer wins,
 * across every server instance and the admin command alike); a writer that
 * loses reads the winner's entry and chains after it. The head document only
 * saves a scan; the entries are the truth.
 */
export function auditService({ repository, clock }: { repository: AuditRepository; clock: Clock }) {
  /** The newest entry: the head, then forward while later entries exist (the head may lag after a crash). */
  async function latest(): Promise<AuditHead> {
    const head = await repository.head();
    let seq = head?.seq ?? 0;
    let hash = head?.hash ?? GENESIS_HASH;
    for (;;) {
      const next = await repository.entry(seq + 1);
      if (!next) return { seq, hash };
      seq = next._id;
      hash = next.hash;
    }
  }

  return {
    latest,

    async record({ actor, action, target = null, details }: AuditEvent): Promise<AuditEntryRecord> {
      let { seq, hash } = await latest();
      for (let tries = 0; tries < MAX_APPEND_TRIES; tries++) {
        const entry = seal({
          _id: seq + 1,
          at: clock.now(),
          actor,
          action,
          target,
          details: cleanDetails(details),
          prevHash: hash,
        });
        if (await repository.insert(entry)) {
          await repository.advanceHead(entry._id, entry.hash);
          return entry;
        }
        const taken = await repository.entry(seq + 1);
        if (taken) {
          seq = taken._id;
          hash = taken.hash;
        }
      }
      throw new Error('the audit log could not be appended to (too many concurrent writers)');
    },

    /**
     * A page, newest first, of entries below `before` (from the newest when
     * not given). Without a filter it reads by sequence number, one bare
     * `_id` lookup each; with one it asks the database to filter.
     */
    async page({ before, limit, filter }: { before?: number | undefined; limit: number; filter: AuditFilter }) {
      const head = await latest();
      const below = Math.min(before ?? head.seq + 1, head.seq + 1);
      const filtered = Object.values(filter).some((v) => v !== undefined);
      let entries: AuditEntryRecord[];
      if (filtered) {
        entries = await repository.filtered(filter, below, limit);
      } else {
        const seqs = Array.from({ length: Math.min(limit, below - 1) }, (_, i) => below - 1 - i);
        entries = await repository.bySeq(seqs);
      }
      const oldest = filtered ? entries.at(-1)?._id : below - limit;
      const more = filtered ? entries.length === limit : below - limit > 1;
      return { entries, nextBefore: more && oldest !== undefined ? oldest : null, head };
    },

    /**
     * Walks the whole chain from the first entry: numbers without a gap, each
     * hash recomputed from its entry's content, each entry naming the one
     * before, and the head naming the last. Stops at the first break.
     */
    async verify(): Promise<VerifyResult> {
      const headRecord = await repository.head();
      let expected = 1;
      let prevHash = GENESIS_HASH;
      const broken = (seq: number, problem: string): VerifyResult => ({
        ok: false,
        entries: expected - 1,
        head: { seq: expected - 1, hash: prevHash },
        broken: { seq, problem },
      });
      for await (const entry of repository.all()) {
        if (entry._id !== expected) {
          return broken(expected, `entry ${expected} is missing (the next entry stored is ${entry._id})`);
        }
        if (entryHash(entry) !== entry.hash) {
          return broken(expected, `entry ${expected} was changed: its content does not match its hash`);
        }
        if (entry.prevHash !== prevHash) {
          return broken(
            expected,
            `entry ${expected} does not follow entry ${expected - 1}: its previous hash is not that entry's hash`,
          );
        }
        if (headRecord && headRecord.seq === entry._id && headRecord.hash !== entry.hash) {
          return broken(expected, `entry ${expected} is not the entry the head names (its hash differs)`);
        }
        prevHash = entry.hash;
        expected += 1;
      }
      const last = expected - 1;
      if (headRecord && headRecord.seq > last) {
        return broken(
          last + 1,
          `entries ${last + 1}–${headRecord.seq} are missing (the head names entry ${headRecord.seq})`,
        );
      }
      return { ok: true, entries: last, head: { seq: last, hash: prevHash } };
    },

    /** Checks a head kept elsewhere (a log line, a printout): that entry must still have that hash. */
    async checkAnchor({ seq, hash }: AuditHead): Promise<string | null> {
      const entry = await repository.entry(seq);
      if (!entry) return `entry ${seq}, named by the anchor, is missing`;
      if (entry.hash !== hash) return `entry ${seq} no longer has the anchored hash: the log was rewritten from there`;
      return null;
    },
  };
}
