import type { DecryptedReport, ReportEnvelopeVersion } from '../../../crypto/src/report';
import type { SignatureCheck } from '../../../crypto/src/report-signature';
import type { KeyRef } from '../../../crypto/src/types';
import { reportContent, type ReportContent } from '../shared/report-content';
import { reportV2, type ReportV2 } from '../shared/report-v2';
import { representative as representativeSchema, type Representative } from '../shared/representative';
import type { StoredReport } from './reportTypes';

/**
 * What may come with a readable report: the outcome of each signature inside
 * (present only when signed, crypto/src/report-signature.ts), and who filed it
 * for the reporter (present only when a representative did).
 */
interface Alongside {
  signatures?: SignatureCheck[];
  representative?: Representative;
}

/** A report as the reviewer sees it: decrypted and checked, or marked with why it could not be. */
export type ReportView = Omit<StoredReport, 'armoredReport'> &
  /** Envelope version 1: the first form's four fields. */
  (
    | ({ readable: 'form'; content: ReportContent } & Alongside)
    /** Envelope version 2: the structured Article 412-1 report. */
    | ({ readable: 'report'; report: ReportV2 } & Alongside)
    /** Text that did not come through the form (a gpg user's report, say). */
    | ({ readable: 'text'; text: string } & Alongside)
    | {
        readable: false;
        /** Why it cannot be read (`reason` is the triage field's: a status change's reason). */
        failure: 'not_for_this_key' | 'corrupted' | 'unknown_envelope' | 'invalid_content';
        raw?: string;
        /** A report whose content this console cannot read may still carry a signature to show. */
        signatures?: SignatureCheck[];
      }
  );

export interface OpenReportDeps {
  getReport(id: string): Promise<StoredReport>;
  decryptReport(options: { armoredReport: string; keyRef: KeyRef }): Promise<DecryptedReport>;
}

type Readable = Extract<ReportView, { readable: 'form' | 'report' }>;
type Reader = (
  report: unknown,
) => { readable: 'form'; content: ReportContent } | { readable: 'report'; report: ReportV2 } | null;

/** One reader per envelope version, chosen by the version inside the encryption (not the server's word). */
const READERS: Record<ReportEnvelopeVersion, Reader> = {
  1: (report) => {
    const checked = reportContent.safeParse(report);
    return checked.success ? { readable: 'form', content: checked.data } : null;
  },
  2: (report) => {
    const checked = reportV2.safeParse(report);
    return checked.success ? { readable: 'report', report: checked.data } : null;
  },
};

/** Fetches a stored report and decrypts it in the crypto worker; never throws for a report that cannot be read. */
export async function openReport(id: string, keyRef: KeyRef, deps: OpenReportDeps): Promise<ReportView> {
  const { armoredReport, ...stored } = await deps.getReport(id);
  const decrypted = await deps.decryptReport({ armoredReport, keyRef });
  if (decrypted.status === 'failed') return { ...stored, readable: false, failure: decrypted.reason };
  const signed = decrypted.signatures ? { signatures: decrypted.signatures } : {};
  if (decrypted.status === 'plaintext')
    return { ...stored, readable: 'text', text: decrypted.text.replace(/\r\n/g, '\n'), ...signed };
  const read = READERS[decrypted.envelopeVersion](decrypted.report);
  const filedBy =
    decrypted.representative === undefined ? null : representativeSchema.safeParse(decrypted.representative);
  if (!read || (filedBy && !filedBy.success)) {
    const { report, representative } = decrypted;
    const raw = JSON.stringify(filedBy ? { report, representative } : report, null, 2);
    return { ...stored, readable: false, failure: 'invalid_content', raw, ...signed };
  }
  const alongside = filedBy?.success ? { ...signed, representative: filedBy.data } : signed;
  return { ...stored, ...read, ...alongside } as Readable & typeof stored;
}
