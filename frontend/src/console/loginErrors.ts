import type { MessageKey } from '../i18n';
import { ApiError } from '../shared/api';
import { describeApiError } from '../shared/errors';

/** Server answers a reviewer may meet while logging in, in their language. */
const LOGIN_ERRORS: Record<string, MessageKey> = {
  invalid_credentials: 'console.login.failed',
  invalid_second_factor: 'console.secondFactor.failed',
  login_expired: 'console.secondFactor.expired',
  server_busy: 'console.login.busy',
  proof_of_work_required: 'console.login.proofFailed',
  proof_of_work_invalid: 'console.login.proofFailed',
  proof_of_work_spent: 'console.login.proofFailed',
};

export function describeLoginError(
  caught: unknown,
  t: (key: MessageKey, vars?: Record<string, string | number>) => string,
): string {
  const known = caught instanceof ApiError ? LOGIN_ERRORS[caught.code] : undefined;
  if (known) return t(known);
  if (caught instanceof ApiError && caught.code === 'too_many_attempts')
    return t('console.login.throttled', { seconds: caught.retryAfter ?? 30 });
  return describeApiError(caught, t);
}

export const isExpiredLogin = (caught: unknown) => caught instanceof ApiError && caught.code === 'login_expired';
