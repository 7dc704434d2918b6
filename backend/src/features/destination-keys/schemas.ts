import { z } from 'zod';

import { MAX_DESTINATION_KEY_CHARS } from '../../crypto';

export const FINGERPRINT = /^[0-9a-f]{40}$/;

export const addDestinationKeyBody = z
  .object({
    /** The receiving body as reviewers will see it, e.g. "Prosecutor's Office of Almaty". */
    name: z.string().trim().min(1).max(200),
    // Longer keys are refused by the strict reader with a clear message, not here.
    armoredPublicKey: z.string().min(1).max(MAX_DESTINATION_KEY_CHARS),
  })
  .strict();
export type AddDestinationKeyBody = z.infer<typeof addDestinationKeyBody>;

export const fingerprintParams = z
  .object({ fingerprint: z.string().regex(FINGERPRINT, 'must be 40 lowercase hex digits') })
  .strict();
