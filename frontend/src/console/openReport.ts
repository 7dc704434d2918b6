import type { DecryptedReport } from '../../../crypto/src/report';
import type { KeyRef } from '../../../crypto/src/types';
import { reportContent, type ReportContent } from '../shared/report-content';
import type { StoredReport } from './consoleApi';

/** A report as the reviewer sees it: decrypted and checked, or marked with why it could not be. */
export type ReportView = Omit<StoredReport, 'armoredReport'> &
  (
    | { readable: 'form'; content: ReportContent }
    /** Text that did not come through the form (a gpg user's report, say). */
    | { readable: 'text'; text: string }
    | {
        readable: false;
        reason: 'not_for_this_key' | 'corrupted' | 'unknown_envelope' | 'invalid_content';
        raw?: string;
      }
  );

export interface OpenReportDeps {
  getReport(id: string): Promise<StoredReport>;
  decryptReport(options: { armoredReport: string; keyRef: KeyRef }): Promise<DecryptedReport>;
}

/** Fetches a stored report and decrypts it in the crypto worker; never throws for a report that cannot be read. */
export async function openReport(id: string, keyRef: KeyRef, deps: OpenReportDeps): Promise<ReportView> {
  const { armoredReport, ...stored } = await deps.getReport(id);
  const decrypted = await deps.decryptReport({ armoredReport, keyRef });
  if (decrypted.status === 'failed') return { ...stored, readable: false, reason: decrypted.reason };
  if (decrypted.status === 'plaintext')
    return { ...stored, readable: 'text', text: decrypted.text.replace(/\r\n/g, '\n') };
  const checked = reportContent.safeParse(decrypted.report);
  if (!checked.success) {
    return { ...stored, readable: false, reason: 'invalid_content', raw: JSON.stringify(decrypted.report, null, 2) };
  }
  return { ...stored, readable: 'form', content: checked.data };
}
