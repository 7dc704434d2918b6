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
const loginToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a login token is 43 base64url characters');
const totpCode = z.string().regex(/^\d{6}$/, 'a code is 6 digits');
const secondFactorBody = z
  .object({
    loginToken,
    code: totpCode.optional(),
    recoveryCode: z.string().min(1).max(40).optional(),
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'send either code or recoveryCode',
  });
const enrollmentBody = z.object({ loginToken, code: totpCode, proofOfWork: proofOfWorkField.optional() }).strict();

export function reviewerRoutes({ reviewers }: { reviewers: ReviewerService }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/session',
      access: 'public',
      body: loginBody,
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
      method: 'post',
      path: '/v1/session/second-factor',
      access: 'public',
      body: secondFactorBody,
      status: 201,
      handle: ({ body }) => reviewers.completeLogin(body),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/session/enrollment',
      access: 'public',
      body: enrollmentBody,
      status: 201,
      handle: ({ body }) => reviewers.enroll(body),
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
      handle: ({ session }) => reviewers.logout(session),
    }),
  ];
}
