import { useCallback, useState } from 'react';

import { startCrypto } from '../shared/crypto';
import { getLoginChallenge } from './consoleApi';
import { sendWithProof, type LogInStage, type SolvedChallenge } from './logIn';

const wait = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Binds sendWithProof to the API and the crypto worker, for each login step
 * (the password, the code); `stage` is null while the form is idle.
 */
export function useLoginStep() {
  const [stage, setStage] = useState<LogInStage | null>(null);
  const run = useCallback(
    async <S>(username: string, send: (proof: { proofOfWork?: SolvedChallenge }) => Promise<S>): Promise<S> => {
      try {
        return await sendWithProof(username, send, {
          getChallenge: getLoginChallenge,
          solve: ({ challenge, bits }) => startCrypto().solveProofOfWork({ challenge, bits }),
          wait,
          onStage: setStage,
        });
      } finally {
        setStage(null);
      }
    },
    [],
  );
  return { stage, send: run };
}
