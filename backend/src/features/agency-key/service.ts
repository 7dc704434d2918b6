import { readAgencyKey } from '../../crypto';
import { AppError } from '../../http/errors';
import type { Clock } from '../../clock';
import type { AgencyKeyRepository } from './repository';
import type { AgencyKeyRecord } from './model';

export const notSetUp = () =>
  new AppError(503, 'not_set_up', 'The platform has not been set up yet: there is no agency key.', true);

export type AgencyKeyService = ReturnType<typeof agencyKeyService>;

export function agencyKeyService({ repository, clock }: { repository: AgencyKeyRepository; clock: Clock }) {
  return {
    current: () => repository.current(),

    async require(): Promise<AgencyKeyRecord> {
      const key = await repository.current();
      if (!key) throw notSetUp();
      return key;
    },

    /** Validates an armored public key and makes it the agency key. */
    async install(armoredPublicKey: string): Promise<AgencyKeyRecord> {
      const info = await readAgencyKey({ armoredKey: armoredPublicKey });
      const record = {
        _id: info.fingerprint,
        armoredPublicKey,
        encryptionKeyIds: info.encryptionKeyIds,
        createdAt: clock.now(),
      };
      await repository.install(record);
      return { ...record, retiredAt: null };
    },
  };
}
