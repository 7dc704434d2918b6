import { AppError } from '../../http/errors';

export const messageErrors = {
  /**
   * Every way a return visit can fail to find what the receipt should open
   * (no such receipt, a report without a reporter key) gets this same answer,
   * so it says nothing about whether a receipt exists.
   */
  receiptNotRecognised: () =>
    new AppError(
      404,
      'receipt_not_recognised',
      'No report opens with this receipt. Check every character and try again.',
    ),
  tooLarge: (limit: number) =>
    new AppError(413, 'message_too_large', `An encrypted message may be at most ${limit} characters of armored text.`),
  threadFull: (limit: number) => new AppError(409, 'thread_full', `A report's thread holds at most ${limit} messages.`),
  alreadyStored: () =>
    new AppError(409, 'message_already_stored', 'This encrypted message is already stored with another report.'),
  noReporterKey: () =>
    new AppError(
      409,
      'no_reporter_key',
      'This report was sent without a reporter key, so nobody can write to its reporter.',
    ),
};
