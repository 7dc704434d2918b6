import { useCallback, useState } from 'react';

import { startCrypto } from '../shared/crypto';
import {
  issueAccessCode,
  revokeAccessCode,
  shareWithLawyer,
  type AccessCodeView,
  type IssueStage,
  type ShareChoice,
} from './accessCodes';
import { getReturnChallenge, postAccessCode, postRevokeAccessCode, postShare } from './returnApi';
import type { OpenedReport } from './returnVisit';

export type IssueState =
  | { phase: 'idle'; error: unknown }
  | { phase: 'issuing'; stage: IssueStage }
  /** The code, shown once, until the reporter hides it. */
  | { phase: 'issued'; accessCode: string; label: string };

/** The return page's access codes: issue, list, revoke; everything in this page's memory only. */
export function useAccessCodes(report: OpenedReport) {
  const [codes, setCodes] = useState<AccessCodeView[]>(report.accessCodes);
  const [issue, setIssue] = useState<IssueState>({ phase: 'idle', error: null });
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revokeResult, setRevokeResult] = useState<{ label: string | null; error: unknown } | null>(null);
  const [sharing, setSharing] = useState<string | null>(null);
  const [shareError, setShareError] = useState<unknown>(null);

  /** Shares what the reporter chose with a code's lawyer (nothing chosen: stops); false if it failed (the error is kept). */
  const share = useCallback(
    async (code: AccessCodeView, choice: ShareChoice) => {
      setSharing(code.codeId);
      setShareError(null);
      const crypto = startCrypto();
      try {
        const sharedAt = await shareWithLawyer(
          code,
          report,
          {
            sealShare: crypto.sealShare,
            getChallenge: getReturnChallenge,
            searchProofOfWork: crypto.searchProofOfWork,
            postShare,
          },
          choice,
        );
        setCodes((list) => list.map((c) => (c.codeId === code.codeId ? { ...c, sharedAt } : c)));
        return true;
      } catch (error) {
        setShareError(error);
        return false;
      } finally {
        setSharing(null);
      }
    },
    [report],
  );

  const create = useCallback(
    async (label: string, choice: ShareChoice = { report: false, thread: false }) => {
      const crypto = startCrypto();
      try {
        const { accessCode, view } = await issueAccessCode(label, report, {
          issueAccessCode: crypto.issueAccessCode,
          getChallenge: getReturnChallenge,
          searchProofOfWork: crypto.searchProofOfWork,
          postAccessCode,
          onStage: (stage) => setIssue({ phase: 'issuing', stage }),
        });
        setCodes((list) => [...list, view]);
        setIssue({ phase: 'issued', accessCode, label });
        if (choice.report || choice.thread) await share(view, choice);
        return true;
      } catch (error) {
        setIssue({ phase: 'idle', error });
        return false;
      }
    },
    [report, share],
  );

  const hideIssued = useCallback(() => setIssue({ phase: 'idle', error: null }), []);

  const revoke = useCallback(
    async (code: AccessCodeView) => {
      setRevoking(code.codeId);
      setRevokeResult(null);
      const crypto = startCrypto();
      try {
        const revokedAt = await revokeAccessCode(code.codeId, report, {
          getChallenge: getReturnChallenge,
          searchProofOfWork: crypto.searchProofOfWork,
          postRevokeAccessCode,
        });
        setCodes((list) => list.map((c) => (c.codeId === code.codeId ? { ...c, revokedAt } : c)));
        setRevokeResult({ label: code.label, error: null });
      } catch (error) {
        setRevokeResult({ label: code.label, error });
      } finally {
        setRevoking(null);
      }
    },
    [report],
  );

  return { codes, issue, create, hideIssued, revoke, revoking, revokeResult, share, sharing, shareError };
}
