import { defineRoute, Reply } from '../../http/route';
import type { AuditRecorder } from '../audit/service';
import { exportReferralBody, referralParams, reportParams, storeReferralBody } from './schemas';
import type { ReferralService } from './service';

export function referralRoutes({ referrals, audit }: { referrals: ReferralService; audit: AuditRecorder }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/reports/:id/referrals',
      access: 'reviewer',
      params: reportParams,
      body: storeReferralBody,
      async handle({ params, body, session }) {
        const stored = await referrals.store(params.id, body, session.username);
        await audit.record({
          actor: session.username,
          action: 'referral.create',
          target: params.id,
          details: { referral: stored.id },
        });
        return new Reply(201, stored);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/:id/referrals',
      access: 'reviewer',
      params: reportParams,
      handle: async ({ params }) => ({ referrals: await referrals.listFor(params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/referrals/:id',
      access: 'reviewer',
      params: referralParams,
      handle: ({ params }) => referrals.get(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/referrals/:id/exports',
      access: 'reviewer',
      params: referralParams,
      body: exportReferralBody,
      // Recorded before the destination key goes out: no export without its entry.
      async handle({ params, body, session }) {
        const prepared = await referrals.prepareExport(params.id, body.destinationFingerprint);
        await audit.record({
          actor: session.username,
          action: 'referral.export',
          target: prepared.referral.reportId,
          details: { referral: params.id, destination: body.destinationFingerprint, files: body.files },
        });
        return prepared;
      },
    }),
  ];
}
