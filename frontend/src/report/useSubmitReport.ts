import { useCallback, useState } from 'react';

import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import type { ReportContent } from '../shared/report-content';
import { getChallenge, postReport } from './reportApi';
import { submitReport, type SubmitStage } from './submitReport';

export type SubmitState =
  | { phase: 'editing'; error: unknown }
  | { phase: 'working'; stage: SubmitStage; progress?: number | undefined }
  | { phase: 'done'; receipt: string };

export function useSubmitReport() {
  const [state, setState] = useState<SubmitState>({ phase: 'editing', error: null });

  const submit = useCallback(async (content: ReportContent) => {
    const crypto = startCrypto();
    try {
      const { receipt } = await submitReport(content, {
        getConfig,
        getRecipientKeys,
        fingerprintOf: crypto.agencyKeyFingerprint,
        sealReport: crypto.sealReport,
        getChallenge,
        searchProofOfWork: crypto.searchProofOfWork,
        postReport,
        onStage: (stage, progress) => setState({ phase: 'working', stage, progress }),
      });
      setState({ phase: 'done', receipt });
    } catch (error) {
      setState({ phase: 'editing', error });
    }
  }, []);

  const reset = useCallback(() => setState({ phase: 'editing', error: null }), []);
  return { state, submit, reset };
}
