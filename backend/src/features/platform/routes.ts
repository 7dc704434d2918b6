import { databaseUnavailable } from '../../http/errors';
import { defineRoute } from '../../http/route';
import type { AgencyPin } from '../agency-key/pin';
import { MAX_FILE_BYTES, SEGMENT_BYTES } from '../../crypto';
import { MAX_ATTACHMENTS_PER_REPORT } from '../attachments/schemas';
import type { EvidenceReceiptService } from '../evidence-receipts/service';
import { MAX_ARMORED_REPORT_CHARS } from '../reports/schemas';

export function platformRoutes({
  pin,
  database,
  evidenceReceipts,
}: {
  pin: AgencyPin;
  database: { answers(): Promise<boolean> };
  evidenceReceipts: Pick<EvidenceReceiptService, 'platformKey'>;
}) {
  return [
    // Liveness: the process answers. It does not ask the database, so a database outage does not get the
    // process restarted.
    defineRoute({
      method: 'get',
      path: '/v1/health',
      access: 'public',
      handle: async () => ({ ok: true }),
    }),
    // Readiness: this instance can serve requests now (the database answers a ping within two seconds).
    defineRoute({
      method: 'get',
      path: '/v1/ready',
      access: 'public',
      async handle() {
        if (!(await database.answers())) throw databaseUnavailable();
        return { ready: true };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/config',
      access: 'public',
      // The fingerprint pages check the served agency key against (see agency-key/pin.ts).
      handle: async () => ({
        agencyFingerprint: pin.read(),
        // The key that signs evidence receipts (features/evidence-receipts), published beside the agency's.
        platformFingerprint: (await evidenceReceipts.platformKey()).fingerprint,
        limits: {
          maxArmoredReportChars: MAX_ARMORED_REPORT_CHARS,
          // Evidence files: the browser refuses a file over the limit before uploading anything.
          maxFileBytes: MAX_FILE_BYTES,
          segmentBytes: SEGMENT_BYTES,
          maxAttachmentsPerReport: MAX_ATTACHMENTS_PER_REPORT,
        },
      }),
    }),
  ];
}
