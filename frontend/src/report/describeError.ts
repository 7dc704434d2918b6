import type { MessageKey } from '../i18n';
import { formatFingerprint } from '../shared/crypto';
import { describeApiError } from '../shared/errors';
import { AgencyKeyMismatch } from './agencyKey';

export function describeReportError(
  error: unknown,
  t: (key: MessageKey, vars?: Record<string, string>) => string,
): string {
  if (error instanceof AgencyKeyMismatch) {
    return t('report.key.mismatch', {
      served: formatFingerprint(error.served),
      pinned: formatFingerprint(error.pinned),
    });
  }
  return describeApiError(error, t);
}
