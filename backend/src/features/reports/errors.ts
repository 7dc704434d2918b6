import { AppError } from '../../http/errors';

export const MESSAGE_REFUSALS = [
  'invalid_armor',
  'armor_checksum_mismatch',
  'malformed_packets',
  'unsupported_format',
  'not_encrypted',
  'hidden_recipients',
  'too_many_recipients',
] as const;
export type MessageRefusal = (typeof MESSAGE_REFUSALS)[number];

export const reportErrors = {
  tooLarge: (limit: number) =>
    new AppError(413, 'report_too_large', `An encrypted report may be at most ${limit} characters of armored text.`),
  /**
   * A message the server's strict reader refused (crypto/src/inspect.ts); the
   * code names what was wrong, the message says where: `invalid_armor`,
   * `armor_checksum_mismatch`, `malformed_packets`, `unsupported_format`,
   * `not_encrypted`, `hidden_recipients`, `too_many_recipients`.
   */
  refusedMessage: (code: MessageRefusal, detail: string) => new AppError(400, code, detail),
  notAddressedToAgency: () =>
    new AppError(422, 'not_addressed_to_agency', 'The report is not encrypted to the current agency key.'),
  notAddressedToReporter: () =>
    new AppError(
      422,
      'not_addressed_to_reporter',
      "The message is not encrypted to the report's reporter key: the reporter could not read it.",
    ),
  unknownRecipient: (keyIds: string[]) =>
    new AppError(
      422,
      'unknown_recipient',
      `The report is also encrypted to keys that are not in the recipient set (the agency key and the active reviewer keys it certified): ${keyIds.join(', ')}.`,
    ),
  invalidReporterKey: (detail: string) => new AppError(400, 'invalid_reporter_key', detail),
  duplicateReceipt: () =>
    new AppError(409, 'duplicate_receipt', 'A report with this receipt already exists; draw a new receipt.'),
  alreadyStored: () =>
    new AppError(
      409,
      'report_already_stored',
      'This encrypted report is already stored under another receipt; a report is accepted once.',
    ),
  notFound: () => new AppError(404, 'report_not_found', 'There is no report with this id.'),
  invalidCursor: () => new AppError(400, 'invalid_cursor', 'The page cursor is not valid; start from the first page.'),
  // Triage (triage.ts)
  changed: (version: number) =>
    new AppError(
      409,
      'report_changed',
      `Another reviewer changed this report first (it is now at version ${version}); reload it and try again.`,
    ),
  reasonRequired: () =>
    new AppError(400, 'reason_required', 'A status change needs a reason, and a reason goes with a status change.'),
  duplicateOfRequired: () =>
    new AppError(400, 'duplicate_of_required', 'Closing as a duplicate needs the id of the report it duplicates.'),
  duplicateOfUnexpected: () =>
    new AppError(400, 'duplicate_of_unexpected', 'Only a report closed as a duplicate names the report it duplicates.'),
  statusNew: () => new AppError(400, 'status_not_allowed', 'No report is put back to "new"; choose "in review".'),
  nothingToChange: () => new AppError(400, 'nothing_to_change', 'The change sets every field to what it already is.'),
  invalidDuplicate: (why: string) => new AppError(422, 'invalid_duplicate', why),
  unknownAssignee: () => new AppError(422, 'unknown_assignee', 'The assignee is not an enabled reviewer.'),
};
