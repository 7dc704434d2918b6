import { AppError } from '../../http/errors';
import type { MessageRefusal } from '../reports/errors';

export const referralErrors = {
  tooLarge: (limit: number) =>
    new AppError(
      413,
      'referral_too_large',
      `An encrypted referral may be at most ${limit} characters of armored text.`,
    ),
  /** The strict reader refused the message (the same codes as for reports: crypto/src/inspect.ts). */
  refusedMessage: (code: MessageRefusal, detail: string) => new AppError(400, code, detail),
  notAddressedToAgency: () =>
    new AppError(422, 'not_addressed_to_agency', 'The referral is not encrypted to the current agency key.'),
  unknownRecipient: (keyIds: string[]) =>
    new AppError(
      422,
      'unknown_recipient',
      `The referral is also encrypted to keys that are not recipients of this platform: ${keyIds.join(', ')}.`,
    ),
  tooMany: (limit: number) => new AppError(409, 'too_many_referrals', `A report may have at most ${limit} referrals.`),
  notFound: () => new AppError(404, 'referral_not_found', 'There is no referral with this id.'),
};
