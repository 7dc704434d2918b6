import { useMemo } from 'react';

import type { KeyRef } from '../../../../crypto/src/types';
import { hasSavePicker, pickFileSink } from '../../files/sinks';
import { getConfig, getRecipientKeys } from '../../shared/api';
import { startCrypto, startHashWorker } from '../../shared/crypto';
import { getSegment } from '../consoleApi';
import type { ExportFile } from './exportPackage';
import { blobDownloadSink } from './blobSink';
import { exportReferral, makeReferralPdf, openReferrals } from './referralActions';
import { storeReferral } from './storeReferral';
import type { Referral } from './referral-model';
import { listDestinationKeys, listReferrals, postExport, postReferral } from './referralApi';

/** Binds the referral actions to the session, the unlocked key and the workers (components call these only). */
export function useReferralActions(token: string, keyRef: KeyRef) {
  return useMemo(() => {
    const crypto = startCrypto();
    return {
      list: async (reportId: string) =>
        openReferrals((await listReferrals(token, reportId)).referrals, (armoredReferral) =>
          crypto.decryptReferral({ armoredReferral, keyRef }),
        ),
      store: (reportId: string, referral: Referral) =>
        storeReferral(referral, {
          getConfig,
          getRecipientKeys,
          fingerprintOf: crypto.agencyKeyFingerprint,
          prepareRecipients: crypto.prepareRecipients,
          encryptReferral: crypto.encryptReferral,
          post: (body) => postReferral(token, reportId, body),
        }),
      pdf: makeReferralPdf,
      destinations: async () => (await listDestinationKeys(token)).destinationKeys,
      export: (options: {
        referralId: string;
        referral: Referral;
        fingerprint: string;
        files: ExportFile[];
        onProgress(done: number, total: number): void;
        signal: AbortSignal;
      }) => {
        const hasher = startHashWorker();
        return exportReferral({
          ...options,
          deps: {
            prepare: async () =>
              (
                await postExport(token, options.referralId, {
                  destinationFingerprint: options.fingerprint,
                  files: options.files.length,
                })
              ).destination,
            prepareDestination: crypto.prepareDestination,
            closeDestination: crypto.closeDestination,
            files: {
              getSegment: (id, index, signal) => getSegment(token, id, index, signal),
              decryptFileSegment: ({ encryptedSegment }) =>
                crypto.decryptFileSegment({ encryptedSegment, keyRef }) as Promise<{
                  plaintext: Uint8Array<ArrayBuffer>;
                }>,
              encryptForDestination: (o) =>
                crypto.encryptForDestination(o) as Promise<{ encryptedMessage: Uint8Array<ArrayBuffer> }>,
              startHash: () => hasher.startHash({}),
              updateHash: (o) => hasher.updateHash(o),
              finishHash: (o) => hasher.finishHash(o),
            },
            sink: (name) => (hasSavePicker() ? pickFileSink(name) : Promise.resolve(blobDownloadSink(name))),
          },
        });
      },
    };
  }, [token, keyRef]);
}

export type ReferralActions = ReturnType<typeof useReferralActions>;
