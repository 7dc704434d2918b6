import { defineRoute, Reply } from '../../http/route';
import type { AuditRecorder } from '../audit/service';
import { addDestinationKeyBody, fingerprintParams } from './schemas';
import type { DestinationKeyService } from './service';

export function destinationKeyRoutes({
  destinationKeys,
  audit,
}: {
  destinationKeys: DestinationKeyService;
  audit: AuditRecorder;
}) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/destination-keys',
      access: 'reviewer',
      handle: async () => ({ destinationKeys: await destinationKeys.list() }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/admin/destination-keys',
      access: 'administrator',
      body: addDestinationKeyBody,
      async handle({ body, session }) {
        const added = await destinationKeys.add(body, session.username);
        await audit.record({
          actor: session.username,
          action: 'destination-key.add',
          target: added.fingerprint,
          details: { name: added.name },
        });
        return new Reply(201, added);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/admin/destination-keys/:fingerprint',
      access: 'administrator',
      params: fingerprintParams,
      status: 204,
      async handle({ params, session }) {
        await destinationKeys.remove(params.fingerprint);
        await audit.record({ actor: session.username, action: 'destination-key.remove', target: params.fingerprint });
      },
    }),
  ];
}
