import { useCallback, useMemo, useState } from 'react';

import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { oneAtATime } from '../shared/one-at-a-time';
import type { UploadedAttachment } from '../files/uploadAttachment';
import type { ReportV2 } from '../shared/report-v2';
import type { Representative } from '../shared/representative';
import { checkReport, checkRepresentative } from './checkReport';
import { getChallenge, postReport } from './reportApi';
import { submitReport, type SubmitStage } from './submitReport';

export type SubmitState =
  | { phase: 'editing'; error: unknown }
  | { phase: 'working'; stage: SubmitStage; progress?: number | undefined }
  | { phase: 'done'; receipt: string };

export function useSubmitReport() {
  const [state, setState] = useState<SubmitState>({ phase: 'editing', error: null });
  // One report per press, however often the button is pressed before it is disabled (shared/one-at-a-time.ts).
  const submit = useMemo(
    () =>
      oneAtATime(async (report: ReportV2, files: UploadedAttachment[] = [], representative?: Representative) => {
        const crypto = startCrypto();
        try {
          const { receipt } = await submitReport(
            report,
            {
              checkReport,
              checkRepresentative,
              getConfig,
              getRecipientKeys,
              fingerprintOf: crypto.agencyKeyFingerprint,
              sealReport: crypto.sealReport,
              getChallenge,
              searchProofOfWork: crypto.searchProofOfWork,
              postReport,
              onStage: (stage, progress) => setState({ phase: 'working', stage, progress }),
            },
            files,
            representative,
          );
          setState({ phase: 'done', receipt });
        } catch (error) {
          setState({ phase: 'editing', error });
        }
      }, undefined),
    [],
  );

  const reset = useCallback(() => setState({ phase: 'editing', error: null }), []);
  return { state, submit, reset };
}
