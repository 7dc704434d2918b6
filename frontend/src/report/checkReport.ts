import type { ReportV2 } from '../shared/report-v2';
import type { Representative } from '../shared/representative';

/**
 * Checks the report against the envelope's schema before it is encrypted,
 * as the console will after decrypting it. The schema, and zod with it, load
 * only now: the page a reporter first downloads stays light.
 */
export async function checkReport(report: ReportV2): Promise<ReportV2> {
  const { reportV2 } = await loadSchema();
  return reportV2.parse(report);
}

/** A representative's details (filing for the reporter), checked against their schema in the same way. */
export async function checkRepresentative(representative: Representative): Promise<Representative> {
  const schema = await import('../shared/representative');
  return schema.representative.parse(representative);
}

const loadSchema = () => import('../shared/report-v2');

/** Starts fetching the schema before the click (on the review step), so sending does not wait for it. */
export function preloadReportSchema() {
  loadSchema().catch(() => {
    // Offline for now: checkReport() fetches it again, and says so if it still cannot.
  });
}
