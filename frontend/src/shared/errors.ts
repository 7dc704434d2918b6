import type { MessageKey } from '../i18n';
import { ApiError } from './api';

/** Says in the reader's language what went wrong with a request, without server wording. */
export function describeApiError(
  error: unknown,
  t: (key: MessageKey, vars?: Record<string, string>) => string,
): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('error.network');
    if (error.code === 'not_set_up') return t('error.notSetUp');
    if (error.code === 'database_unavailable') return t('error.unavailable');
    return t('error.server', { code: error.code });
  }
  return t('error.unexpected');
}
