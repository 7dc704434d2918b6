import type { MessageKey } from '../i18n';
import { formatFingerprint, isCryptoError } from '../shared/crypto';
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
  // The form's own size rule should have caught it first; the worker's limit is the last word.
  if (isCryptoError(error) && error.code === 'report_too_large') return t('report.failed.tooLarge');
  return describeApiError(error, t);
}
