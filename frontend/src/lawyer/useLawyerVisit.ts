import { useCallback, useMemo, useState } from 'react';

import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { oneAtATime } from '../shared/one-at-a-time';
import { getLawyerChallenge, postLawyer, postLawyerMessage } from './lawyerApi';
import {
  openAccess,
  sendLawyerMessage,
  type EvidenceFile,
  type OpenedAccess,
  type OpenStage,
  type SendStage,
} from './lawyerVisit';

export type VisitState =
  | { phase: 'entering'; error: unknown }
  | { phase: 'opening'; stage: OpenStage; progress?: number | undefined }
  | { phase: 'open'; access: OpenedAccess }
  | { phase: 'closed' };

export type SendState =
  | { phase: 'writing'; error: unknown; sent: boolean }
  | { phase: 'sending'; stage: SendStage; progress?: number | undefined };

/** Binds the lawyer page's plain functions to the API and the crypto worker; the page holds everything in memory. */
export function useLawyerVisit() {
  const [visit, setVisit] = useState<VisitState>({ phase: 'entering', error: null });
  const [send, setSend] = useState<SendState>({ phase: 'writing', error: null, sent: false });

  const open = useCallback(async (accessCode: string) => {
    const crypto = startCrypto();
    try {
      const access = await openAccess(accessCode, {
        accessLookup: crypto.accessLookup,
        getChallenge: getLawyerChallenge,
        searchProofOfWork: crypto.searchProofOfWork,
        postLawyer,
        unlockLawyerKey: crypto.unlockLawyerKey,
        decryptThreadMessage: crypto.decryptThreadMessage,
        onStage: (stage, progress) => setVisit({ phase: 'opening', stage, progress }),
      });
      setVisit({ phase: 'open', access });
    } catch (error) {
      setVisit({ phase: 'entering', error });
    }
  }, []);

  // One message per press (shared/one-at-a-time.ts); a press while one is being sent sends nothing.
  const write = useMemo(
    () =>
      oneAtATime(async (access: OpenedAccess, text: string, files: EvidenceFile[]): Promise<boolean> => {
        const crypto = startCrypto();
        try {
          const message = await sendLawyerMessage({ text, files }, access, {
            getConfig,
            getRecipientKeys,
            fingerprintOf: crypto.agencyKeyFingerprint,
            sealLawyerMessage: crypto.sealLawyerMessage,
            getChallenge: getLawyerChallenge,
            searchProofOfWork: crypto.searchProofOfWork,
            postLawyerMessage,
            onStage: (stage, progress) => setSend({ phase: 'sending', stage, progress }),
          });
          setVisit({ phase: 'open', access: { ...access, messages: [...access.messages, message] } });
          setSend({ phase: 'writing', error: null, sent: true });
          return true;
        } catch (error) {
          setSend({ phase: 'writing', error, sent: false });
          return false;
        }
      }, false),
    [],
  );

  /** Forgets what the code opened on this page: the unlocked key leaves the worker too. */
  const close = useCallback(() => {
    void startCrypto().clearKeyStore();
    setVisit({ phase: 'closed' });
    setSend({ phase: 'writing', error: null, sent: false });
  }, []);

  return { visit, send, open, write, close };
}
