import { z } from 'zod';

import { defineRoute } from '../../http/route';
import { proofOfWorkField } from '../proof-of-work/schemas';
import { PASSWORD_MAX_LENGTH } from './passwords';
import type { ReviewerService } from './service';

const username = z.string().min(1).max(64);
const loginBody = z
  .object({
    username,
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    // Needed once the username's free attempts are used up (docs/api.md).
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict();
// The username travels in the body, not the URL, so it stays out of proxy logs.
const challengeBody = z.object({ username }).strict();

export function reviewerRoutes({ reviewers }: { reviewers: ReviewerService }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/session',
      access: 'public',
      body: loginBody,
      status: 201,
      handle: ({ body }) => reviewers.login(body),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/session/challenge',
      access: 'public',
      body: challengeBody,
      handle: ({ body }) => reviewers.loginChallenge(body),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/session',
      access: 'reviewer',
      handle: async ({ session }) => ({ reviewer: { username: session.username, roles: session.roles } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/session',
      access: 'reviewer',
      status: 204,
      handle: ({ session }) => reviewers.logout(session.token),
    }),
  ];
}
