import { z } from 'zod';

import { defineRoute } from '../../http/route';
import type { AuthSession } from '../../http/route';
import { reviewerErrors } from './errors';
import { PASSWORD_MAX_LENGTH } from './passwords';
import type { ReviewerService } from './service';

const usernameParams = z.object({ username: z.string().min(1).max(64) }).strict();
const password = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const addBody = z
  .object({ username: z.string().min(1).max(64), password, administrator: z.boolean().default(false) })
  .strict();
const passwordBody = z.object({ password }).strict();

/** The console changes other accounts only; an administrator's own goes through another administrator or the CLI. */
function notOwn(session: AuthSession, username: string) {
  if (session.username === username.trim().toLowerCase()) throw reviewerErrors.ownAccount();
}

/** The administrator's account routes; each is refused (403) to a reviewer without the role. */
export function adminReviewerRoutes({ reviewers }: { reviewers: ReviewerService }) {
  const action = (path: string, run: (input: { username: string; actor: string }) => Promise<unknown>) =>
    defineRoute({
      method: 'post',
      path: `/v1/admin/reviewers/:username/${path}`,
      access: 'administrator',
      params: usernameParams,
      async handle({ params, session }) {
        notOwn(session, params.username);
        return run({ username: params.username, actor: session.username });
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/v1/admin/reviewers',
      access: 'administrator',
      handle: async () => ({ reviewers: await reviewers.list() }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/admin/reviewers',
      access: 'administrator',
      body: addBody,
      status: 201,
      handle: ({ body, session }) => reviewers.add({ ...body, actor: session.username }),
    }),
    action('disable', (input) => reviewers.disable(input)),
    action('enable', (input) => reviewers.enable(input)),
    action('end-sessions', (input) => reviewers.endSessions(input)),
    action('reset-second-factor', (input) => reviewers.resetSecondFactor(input)),
    defineRoute({
      method: 'post',
      path: '/v1/admin/reviewers/:username/password',
      access: 'administrator',
      params: usernameParams,
      body: passwordBody,
      async handle({ params, body, session }) {
        notOwn(session, params.username);
        return reviewers.resetPassword({ username: params.username, password: body.password, actor: session.username });
      },
    }),
  ];
}
