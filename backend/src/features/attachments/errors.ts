import { AppError } from '../../http/errors';

export const attachmentErrors = {
  fileTooLarge: (maxBytes: number, maxSegments: number) =>
    new AppError(
      413,
      'file_too_large',
      `A file may be at most ${maxBytes} bytes (${maxSegments} segments); split it or send it another way.`,
    ),
  /** One answer for an unknown upload and a wrong token, so neither tells whether the other exists. */
  uploadNotFound: () =>
    new AppError(404, 'upload_not_found', 'There is no upload with this id and token (it may have expired).'),
  reportNotFound: () => new AppError(404, 'report_not_found', 'There is no report with this id.'),
  alreadyBound: () =>
    new AppError(409, 'attachment_already_sent', 'This file was already sent with a report; it cannot change.'),
  outOfOrder: (expected: number) =>
    new AppError(409, 'segment_out_of_order', `Segments go in order: the next one expected is segment ${expected}.`),
  outOfRange: (count: number) =>
    new AppError(400, 'segment_out_of_range', `This file has ${count} segments, numbered from 0.`),
  segmentConflict: () =>
    new AppError(
      409,
      'segment_conflict',
      'A different segment with this number was already received; ask for the upload progress and go on from there.',
    ),
  /** A segment the strict framing reader refused; the same codes as for a report (`malformed_packets`, `not_encrypted`…). */
  refusedSegment: (code: string, detail: string) => new AppError(400, code, detail),
  notAddressedToAgency: () =>
    new AppError(422, 'not_addressed_to_agency', 'The segment is not encrypted to the current agency key.'),
  unknownRecipient: (keyIds: string[]) =>
    new AppError(
      422,
      'unknown_recipient',
      `The segment is also encrypted to keys that are not recipients of this platform: ${keyIds.join(', ')}.`,
    ),
  incomplete: (id: string, received: number, count: number) =>
    new AppError(
      409,
      'attachment_incomplete',
      `Attachment ${id} has ${received} of its ${count} segments; finish the upload before sending the report.`,
    ),
  duplicateAttachment: () => new AppError(400, 'invalid_request', 'attachments: the same file is listed twice.'),
  notFound: () => new AppError(404, 'attachment_not_found', 'There is no such attachment or segment.'),
};
