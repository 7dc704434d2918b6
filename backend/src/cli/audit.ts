import type { AuditService } from '../features/audit/service';
import { CommandRefused } from './reviewer';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** `seq:hash`, as `audit verify` prints the head. */
export function parseAnchor(text: string): { seq: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match)
    throw new CommandRefused(
      `--anchor ${text}: expected <sequence number>:<64 hex digits>, as audit verify prints it.`,
    );
  return { seq: Number(match[1]), hash: match[2]! };
}

/**
 * `npm run admin -- audit verify`: walks the whole chain and names the first
 * broken entry (exit 1), or prints the head to keep elsewhere (exit 0). With
 * --anchor it also checks that a head kept earlier is still in the chain,
 * which catches a rewrite of the whole tail that the chain alone cannot.
 */
export async function runAuditVerify({ audit, anchor }: { audit: AuditService; anchor: string | undefined }) {
  const kept = anchor === undefined ? null : parseAnchor(anchor);
  const result = await audit.verify();
  if (!result.ok) {
    process.stderr.write(`The audit log is broken at entry ${result.broken.seq}: ${result.broken.problem}.\n`);
    process.stderr.write(`Entries 1–${result.entries} verify.\n`);
    return 1;
  }
  if (kept) {
    const problem = await audit.checkAnchor(kept);
    if (problem) {
      process.stderr.write(`The audit log does not hold the anchor ${kept.seq}:${kept.hash}: ${problem}.\n`);
      return 1;
    }
  }
  say(`The audit log verifies: ${result.entries} entries, each chained to the one before.`);
  if (kept) say(`The anchor ${kept.seq}:${kept.hash.slice(0, 12)}… is still in the chain.`);
  say('Keep this head somewhere the server cannot write (it proves the log up to here later):');
  say(`  ${result.head.seq}:${result.head.hash}`);
  return 0;
}
