import { useCallback, useRef, useState } from 'react';

import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
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
  // The form is disabled only once the first stage renders, some time after the press: a second press (a
  // double click, an impatient tap) before that would seal and send a second report under a second receipt,
  // of which the person would see one.
  const inFlight = useRef(false);

  const submit = useCallback(
    async (report: ReportV2, files: UploadedAttachment[] = [], representative?: Representative) => {
      if (inFlight.current) return;
      inFlight.current = true;
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
      } finally {
        inFlight.current = false;
      }
    },
    [],
  );

  const reset = useCallback(() => setState({ phase: 'editing', error: null }), []);
  return { state, submit, reset };
}
