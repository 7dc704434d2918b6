import { useCallback, useMemo, useState } from 'react';

import type { UploadedAttachment } from '../files/uploadAttachment';
import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { oneAtATime } from '../shared/one-at-a-time';
import { getReturnChallenge, postReturn, postReturnMessage } from './returnApi';
import { openReturn, sendReply, type OpenedReport, type OpenStage, type ReplyStage } from './returnVisit';

export type VisitState =
  | { phase: 'entering'; error: unknown }
  | { phase: 'opening'; stage: OpenStage; progress?: number | undefined }
  | { phase: 'open'; report: OpenedReport }
  | { phase: 'closed' };

export type ReplyState =
  | { phase: 'writing'; error: unknown; sent: boolean }
  | { phase: 'sending'; stage: ReplyStage; progress?: number | undefined };

/** Binds the return visit's plain functions to the API and the crypto worker; the page holds everything in memory. */
export function useReturnVisit() {
  const [visit, setVisit] = useState<VisitState>({ phase: 'entering', error: null });
  const [reply, setReply] = useState<ReplyState>({ phase: 'writing', error: null, sent: false });

  const open = useCallback(async (receipt: string) => {
    const crypto = startCrypto();
    try {
      const report = await openReturn(receipt, {
        receiptLookup: crypto.receiptLookup,
        getChallenge: getReturnChallenge,
        searchProofOfWork: crypto.searchProofOfWork,
        postReturn,
        unlockReporterKey: crypto.unlockReporterKey,
        decryptThreadMessage: crypto.decryptThreadMessage,
        decryptReport: crypto.decryptReport,
        onStage: (stage, progress) => setVisit({ phase: 'opening', stage, progress }),
      });
      setVisit({ phase: 'open', report });
    } catch (error) {
      setVisit({ phase: 'entering', error });
    }
  }, []);

  // One reply per press (shared/one-at-a-time.ts); a press while one is being sent sends nothing.
  const send = useMemo(
    () =>
      oneAtATime(async (report: OpenedReport, text: string, files: UploadedAttachment[]): Promise<boolean> => {
        const crypto = startCrypto();
        try {
          const message = await sendReply({ text, files }, report, {
            getConfig,
            getRecipientKeys,
            fingerprintOf: crypto.agencyKeyFingerprint,
            sealThreadMessage: crypto.sealThreadMessage,
            getChallenge: getReturnChallenge,
            searchProofOfWork: crypto.searchProofOfWork,
            postReturnMessage,
            onStage: (stage, progress) => setReply({ phase: 'sending', stage, progress }),
          });
          setVisit({ phase: 'open', report: { ...report, messages: [...report.messages, message] } });
          setReply({ phase: 'writing', error: null, sent: true });
          return true;
        } catch (error) {
          setReply({ phase: 'writing', error, sent: false });
          return false;
        }
      }, false),
    [],
  );

  /** Forgets the report on this page: the unlocked key leaves the worker too. */
  const close = useCallback(() => {
    void startCrypto().clearKeyStore();
    setVisit({ phase: 'closed' });
    setReply({ phase: 'writing', error: null, sent: false });
  }, []);

  return { visit, reply, open, send, close };
}
