import { defineRoute } from '../../http/route';
import type { AgencyPin } from '../agency-key/pin';
import { MAX_FILE_BYTES, SEGMENT_BYTES } from '../../crypto';
import { MAX_ATTACHMENTS_PER_REPORT } from '../attachments/schemas';
import { MAX_ARMORED_REPORT_CHARS } from '../reports/schemas';

export function platformRoutes({ pin }: { pin: AgencyPin }) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/health',
      access: 'public',
      handle: async () => ({ ok: true }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/config',
      access: 'public',
      // The fingerprint pages check the served agency key against (see agency-key/pin.ts).
      handle: async () => ({
        agencyFingerprint: pin.read(),
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
