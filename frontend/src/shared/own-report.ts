import { z } from 'zod';

import type { DecryptedReport } from '../../../crypto/src/report';
import { reportV2, type ReportV2 } from './report-v2';
import { representative as representativeSchema, type Representative } from './representative';

/**
 * The reporter's own report, as their return page shows it (decrypted there
 * with the reporter key) and as a lawyer's page shows it when the reporter
 * shared it. Only envelope v2 reports from the form are encrypted to the
 * reporter key, and only those sent since that change
 * (docs/protocol.md); any other is the agency's to read alone.
 */
export type OwnReport =
  | { readable: true; report: ReportV2; representative?: Representative }
  /** `agency_only`: sent before reports were also encrypted to the reporter key; `unreadable`: damaged or unknown. */
  | { readable: false; reason: 'agency_only' | 'unreadable' };

/** The report with who filed it, as it travels inside a share with a lawyer. */
export const sharedReport = z.strictObject({
  report: reportV2,
  representative: representativeSchema.optional(),
});
export type SharedReport = z.infer<typeof sharedReport>;

/** What the reporter's page reads from its decrypted report; never throws. */
export function readOwnReport(decrypted: DecryptedReport): OwnReport {
  if (decrypted.status === 'failed' && decrypted.reason === 'not_for_this_key') {
    return { readable: false, reason: 'agency_only' };
  }
  if (decrypted.status !== 'ok' || decrypted.envelopeVersion !== 2) return { readable: false, reason: 'unreadable' };
  const checked = sharedReport.safeParse({
    report: decrypted.report,
    ...(decrypted.representative === undefined ? {} : { representative: decrypted.representative }),
  });
  if (!checked.success) return { readable: false, reason: 'unreadable' };
  const { report, representative } = checked.data;
  return representative ? { readable: true, report, representative } : { readable: true, report };
}
