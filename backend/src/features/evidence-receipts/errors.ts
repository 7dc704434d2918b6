import { AppError } from '../../http/errors';

export const evidenceReceiptErrors = {
  /** The same answer for a file that does not exist and one whose upload is not complete. */
  notFound: () =>
    new AppError(
      404,
      'evidence_receipt_not_found',
      'There is no evidence receipt for this file (unknown, or its upload is not complete).',
    ),
};
