import { AppError } from '../../http/errors';

export const reviewerErrors = {
  invalidCredentials: () => new AppError(401, 'invalid_credentials', 'The username or password is wrong.'),
  /** The username's free attempts are used up (or this instance is busy): the next attempt must pay. */
  proofRequired: () =>
    new AppError(
      429,
      'proof_of_work_required',
      'Too many recent login attempts: get a challenge from POST /api/v1/session/challenge, solve it and send the proof with the login.',
    ),
  /** Proof of work is off (PROOF_OF_WORK_BITS=0), so the only answer to too many attempts is to wait. */
  tooManyAttempts: (seconds: number) =>
    new AppError(429, 'too_many_attempts', `Too many recent login attempts. Try again in ${seconds} s.`, true, {
      'Retry-After': String(seconds),
    }),
  busy: () =>
    new AppError(503, 'server_busy', 'The server is checking many passwords. Try again in a moment.', true, {
      'Retry-After': '2',
    }),
  invalidUsername: () =>
    new AppError(400, 'invalid_username', 'A username has 2–64 letters, digits, dots, dashes or underscores.'),
  /** The login token is unknown, expired, used up, or the account changed meanwhile: start again with the password. */
  loginExpired: () =>
    new AppError(401, 'login_expired', 'This login has expired or was used up. Log in again with your password.'),
  invalidSecondFactor: () =>
    new AppError(
      401,
      'invalid_second_factor',
      'The code is wrong or was already used. Wait for the next code, or use a recovery code.',
    ),
  notFound: () => new AppError(404, 'reviewer_not_found', 'There is no reviewer with this username.'),
  exists: () => new AppError(409, 'reviewer_exists', 'A reviewer with this username exists.'),
  ownAccount: () =>
    new AppError(
      409,
      'own_account',
      'You cannot do this to your own account here: ask another administrator, or use the admin command on the server.',
    ),
};
