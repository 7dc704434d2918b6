import { defineRoute } from '../../http/route';
import { challengeQuery } from './schemas';
import type { ProofOfWorkService } from './service';

export function proofOfWorkRoutes({ proofOfWork }: { proofOfWork: ProofOfWorkService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/challenges',
      access: 'public',
      query: challengeQuery,
      async handle({ query }) {
        if (!proofOfWork.enabled) return { required: false };
        const { challenge, bits, expiresAt } = await proofOfWork.issue(query.purpose);
        return { required: true, challenge, bits, expiresAt };
      },
    }),
  ];
}
