import type { ReportV2 } from '../shared/report-v2';

/**
 * Checks the report against the envelope's schema before it is encrypted,
 * as the console will after decrypting it. The schema, and zod with it, load
 * only now: the page a reporter first downloads stays light.
 */
export async function checkReport(report: ReportV2): Promise<ReportV2> {
  const { reportV2 } = await import('../shared/report-v2');
  return reportV2.parse(report);
}
