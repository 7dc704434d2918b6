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
};
