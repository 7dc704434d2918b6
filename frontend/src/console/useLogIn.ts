import { useCallback, useState } from 'react';

import { startCrypto } from '../shared/crypto';
import { getLoginChallenge, postSession } from './consoleApi';
import { logIn, type LogInStage } from './logIn';

const wait = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

/** Binds logIn to the API and the crypto worker; `stage` is null while the form is idle. */
export function useLogIn() {
  const [stage, setStage] = useState<LogInStage | null>(null);
  const run = useCallback(async (credentials: { username: string; password: string }) => {
    try {
      return await logIn(credentials, {
        postSession,
        getChallenge: getLoginChallenge,
        solve: ({ challenge, bits }) => startCrypto().solveProofOfWork({ challenge, bits }),
        wait,
        onStage: setStage,
      });
    } finally {
      setStage(null);
    }
  }, []);
  return { stage, logIn: run };
}
