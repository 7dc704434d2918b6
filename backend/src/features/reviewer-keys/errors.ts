import { AppError } from '../../http/errors';

export const reviewerKeyErrors = {
  /** The strict reading refused the key (crypto/src/reviewer-key-check.ts); the message says where. */
  invalidKey: (detail: string) => new AppError(400, 'invalid_reviewer_key', detail),
  exists: () =>
    new AppError(
      409,
      'reviewer_key_exists',
      'This reviewer has a key already (or this key belongs to another reviewer); a reviewer makes one key.',
    ),
  notFound: () => new AppError(404, 'reviewer_key_not_found', 'This reviewer has not made a key yet.'),
  /** The certification was made for a key that is no longer the reviewer's stored key. */
  keyChanged: () =>
    new AppError(
      409,
      'reviewer_key_changed',
      "The key certified is not the reviewer's current key; reload and certify again.",
    ),
  invalidCertification: (detail: string) => new AppError(400, 'invalid_certification', detail),
};
