import { z } from 'zod';

import { defineRoute } from '../../http/route';
import { PASSWORD_MAX_LENGTH } from './passwords';
import type { ReviewerService } from './service';

const loginBody = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .strict();

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
