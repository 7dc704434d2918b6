import { defineRoute, Reply } from '../../http/route';
import type { AuditRecorder } from '../audit/service';
import { reportErrors } from '../reports/errors';
import { openReturnBody, reporterMessageBody, reviewerMessageBody, threadParams } from './schemas';
import type { MessageService } from './service';

/**
 * The reporter's side (anonymous: the receipt's lookup value and a proof of
 * work in every request, no session, counted hourly like every public route)
 * and the reviewers' side of a report's thread.
 */
export function messageRoutes({ messages, audit }: { messages: MessageService; audit: AuditRecorder }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/returns',
      access: 'public',
      body: openReturnBody,
      handle: ({ body }) => messages.open(body),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/returns/messages',
      access: 'public',
      body: reporterMessageBody,
      async handle({ body }) {
        return new Reply(201, await messages.sendAsReporter(body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/:id/messages',
      access: 'reviewer',
      params: threadParams,
      async handle({ params, session }) {
        const thread = await messages.readAsReviewer(params.id);
        if (!thread) throw reportErrors.notFound();
        // Recorded before the ciphertext goes out (no view without its entry), and only for a report that exists.
        await audit.record({ actor: session.username, action: 'thread.view', target: params.id });
        return thread;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/reports/:id/messages',
      access: 'reviewer',
      params: threadParams,
      body: reviewerMessageBody,
      status: 201,
      async handle({ params, body, session }) {
        const sent = await messages.sendAsReviewer(params.id, body.armoredMessage);
        if (!sent) throw reportErrors.notFound();
        await audit.record({ actor: session.username, action: 'thread.write', target: params.id });
        return sent;
      },
    }),
  ];
}
