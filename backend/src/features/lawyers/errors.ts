import { AppError } from '../../http/errors';

export const lawyerErrors = {
  /**
   * Every way an access code can fail to open what it should (no such code,
   * a revoked one, a report gone) gets this same answer, so it says nothing
   * about whether a code exists or ever existed.
   */
  accessCodeNotRecognised: () =>
    new AppError(
      404,
      'access_code_not_recognised',
      'Nothing opens with this access code. Check every character, or ask your client for a new code.',
    ),
  /** The reporter names a code of theirs that is not there (revoke); the same answer for another report's code. */
  accessCodeNotFound: () => new AppError(404, 'access_code_not_found', 'This report has no such access code.'),
  tooManyCodes: (limit: number) =>
    new AppError(
      409,
      'too_many_access_codes',
      `A report may have at most ${limit} access codes, revoked ones included.`,
    ),
  accessCodeTaken: () =>
    new AppError(409, 'access_code_taken', 'This access code is already in use. Create another one.'),
  invalidLawyerKey: (detail: string) => new AppError(400, 'invalid_lawyer_key', detail),
  invalidLabel: (detail: string) => new AppError(400, 'invalid_label', detail),
  labelTooLarge: (limit: number) =>
    new AppError(413, 'label_too_large', `An encrypted label may be at most ${limit} characters of armored text.`),
  tooLarge: (limit: number) =>
    new AppError(413, 'message_too_large', `An encrypted message may be at most ${limit} characters of armored text.`),
  threadFull: (limit: number) => new AppError(409, 'thread_full', `A lawyer's thread holds at most ${limit} messages.`),
  alreadyStored: () =>
    new AppError(409, 'message_already_stored', 'This encrypted message is already stored in another thread.'),
  invalidShare: (detail: string) => new AppError(400, 'invalid_share', detail),
  shareTooLarge: (limit: number) =>
    new AppError(413, 'share_too_large', `What is shared may be at most ${limit} characters of armored text.`),
  threadNotFound: () => new AppError(404, 'lawyer_thread_not_found', 'This report has no such lawyer thread.'),
};
