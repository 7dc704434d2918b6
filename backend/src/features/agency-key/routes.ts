import { defineRoute } from '../../http/route';
import type { AgencyKeyService } from './service';

export function agencyKeyRoutes({ agencyKeys }: { agencyKeys: AgencyKeyService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/recipient-keys',
      access: 'public',
      async handle() {
        const key = await agencyKeys.require();
        // Reviewer keys, certified by the agency key, join this list in a later version.
        return { agencyKey: { fingerprint: key._id, armoredPublicKey: key.armoredPublicKey }, reviewerKeys: [] };
      },
    }),
  ];
}
