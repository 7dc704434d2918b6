import { z } from 'zod';

import { defineRoute } from '../../http/route';
import { ATTACHMENT_ID } from '../attachments/schemas';
import type { EvidenceReceiptService } from './service';

const receiptParams = z.object({ id: z.string().regex(ATTACHMENT_ID, 'not an attachment id') }).strict();

/**
 * The receipt of a file is public to whoever knows the file's id (128 random
 * bits, known to the reporter's page, inside the encrypted report, and to
 * reviewers): it says nothing but ciphertext hashes, sizes and an hour.
 */
export function evidenceReceiptRoutes({ evidenceReceipts }: { evidenceReceipts: EvidenceReceiptService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/platform-key',
      access: 'public',
      handle: () => evidenceReceipts.platformKey(),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/evidence-receipts/:id',
      access: 'public',
      params: receiptParams,
      handle: ({ params }) => evidenceReceipts.get(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/attachments/:id/custody',
      access: 'reviewer',
      params: receiptParams,
      handle: ({ params }) => evidenceReceipts.custody(params.id),
    }),
  ];
}
