import { z } from 'zod';

import { MAX_NONCE_LENGTH } from '../../crypto';
import { CHALLENGE_PURPOSES } from './service';

/** A solved challenge, as a request carries it. Its content is checked by the service. */
export const proofOfWorkField = z
  .object({
    challenge: z.string().max(200),
    nonce: z.string().max(MAX_NONCE_LENGTH),
  })
  .strict();

/** Login challenges are not here: POST /v1/session/challenge sets their difficulty from the username's failed attempts. */
export const challengeQuery = z
  .object({ purpose: z.enum(CHALLENGE_PURPOSES).exclude(['login']).default('report') })
  .strict();
