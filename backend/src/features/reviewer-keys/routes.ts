import { z } from 'zod';

import { defineRoute } from '../../http/route';
import type { RecipientSetService } from './recipients';
import type { ReviewerKeyService } from './service';

/** A reviewer key block is under 2 000 characters armored; this leaves room and bounds the strict reading. */
const MAX_KEY_CHARS = 16_000;
const armored = z.string().min(1).max(MAX_KEY_CHARS);
const createBody = z.object({ armoredPublicKey: armored, armoredPrivateKey: armored }).strict();
const certifyBody = z
  .object({
    fingerprint: z.string().regex(/^[0-9a-fA-F]{40}$/, 'a fingerprint is 40 hex digits'),
    armoredCertifiedKey: armored,
  })
  .strict();
const usernameParams = z.object({ username: z.string().min(1).max(64) }).strict();

export function reviewerKeyRoutes({
  reviewerKeys,
  recipients,
}: {
  reviewerKeys: ReviewerKeyService;
  recipients: RecipientSetService;
}) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/recipient-keys',
      access: 'public',
      handle: () => recipients.served(),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reviewer-key',
      access: 'reviewer',
      handle: ({ session }) => reviewerKeys.own(session.reviewerId),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/reviewer-key',
      access: 'reviewer',
      body: createBody,
      status: 201,
      handle: ({ session, body }) => reviewerKeys.create({ username: session.reviewerId, ...body }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/admin/reviewer-keys',
      access: 'administrator',
      handle: async () => ({ keys: await reviewerKeys.list() }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/admin/reviewers/:username/key-certification',
      access: 'administrator',
      params: usernameParams,
      body: certifyBody,
      status: 201,
      handle: ({ params, body, session }) =>
        reviewerKeys.certify({ username: params.username.trim().toLowerCase(), ...body, actor: session.username }),
    }),
  ];
}
