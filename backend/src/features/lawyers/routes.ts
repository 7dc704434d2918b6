import { defineRoute, Reply } from '../../http/route';
import type { AuditRecorder } from '../audit/service';
import { reportErrors } from '../reports/errors';
import {
  issueAccessCodeBody,
  lawyerMessageBody,
  lawyerThreadParams,
  lawyerUploadBody,
  openAccessCodeBody,
  reportParams,
  reviewerLawyerMessageBody,
  revokeAccessCodeBody,
  shareWithLawyerBody,
} from './schemas';
import type { LawyerService } from './service';

/**
 * The reporter's routes for access codes (anonymous, the receipt's lookup and
 * a `return` proof of work in each), the lawyer's (anonymous, the code's
 * lookup and a `lawyer` proof, or an `upload` proof to start an upload), and
 * the reviewers' routes for lawyer threads. Public routes are counted hourly
 * like every other (http/traffic.ts): no per-request log line.
 */
export function lawyerRoutes({ lawyers, audit }: { lawyers: LawyerService; audit: AuditRecorder }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/returns/access-codes',
      access: 'public',
      body: issueAccessCodeBody,
      status: 201,
      handle: ({ body }) => lawyers.issue(body),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/returns/access-codes/revoke',
      access: 'public',
      body: revokeAccessCodeBody,
      handle: ({ body }) => lawyers.revoke(body),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/returns/access-codes/share',
      access: 'public',
      body: shareWithLawyerBody,
      handle: ({ body }) => lawyers.share(body),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/lawyer',
      access: 'public',
      body: openAccessCodeBody,
      handle: ({ body }) => lawyers.open(body),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/lawyer/messages',
      access: 'public',
      body: lawyerMessageBody,
      async handle({ body }) {
        return new Reply(201, await lawyers.sendAsLawyer(body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/lawyer/attachments',
      access: 'public',
      body: lawyerUploadBody,
      status: 201,
      handle: ({ body }) => lawyers.createUpload(body),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/:id/lawyer-threads',
      access: 'reviewer',
      params: reportParams,
      async handle({ params, session }) {
        const threads = await lawyers.threadsForReviewer(params.id);
        if (!threads) throw reportErrors.notFound();
        // Recorded before the ciphertext goes out (no view without its entry), and only for a report that exists.
        await audit.record({ actor: session.username, action: 'lawyer-thread.view', target: params.id });
        return threads;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/reports/:id/lawyer-threads/:codeId/messages',
      access: 'reviewer',
      params: lawyerThreadParams,
      body: reviewerLawyerMessageBody,
      status: 201,
      async handle({ params, body, session }) {
        const sent = await lawyers.sendAsReviewer(params.id, params.codeId, body.armoredMessage);
        await audit.record({ actor: session.username, action: 'lawyer-thread.write', target: params.id });
        return sent;
      },
    }),
  ];
}
