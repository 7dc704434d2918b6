import { z } from 'zod';

import { defineRoute } from '../../http/route';
import { AUDIT_ACTION_NAMES } from './actions';
import type { AuditService } from './service';

const text = z.string().trim().min(1).max(200);
const auditQuery = z
  .object({
    before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    actor: text.optional(),
    action: z.enum(AUDIT_ACTION_NAMES as [string, ...string[]]).optional(),
    target: text.optional(),
  })
  .strict();

export function auditRoutes({ audit }: { audit: AuditService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/admin/audit',
      access: 'administrator',
      query: auditQuery,
      async handle({ query: { before, limit, actor, action, target } }) {
        const page = await audit.page({ before, limit, filter: { actor, action, target } });
        return {
          entries: page.entries.map((e) => ({
            seq: e._id,
            at: e.at,
            actor: e.actor,
            action: e.action,
            target: e.target,
            details: e.details ?? {},
            hash: e.hash,
          })),
          nextBefore: page.nextBefore,
          head: page.head,
        };
      },
    }),
  ];
}
