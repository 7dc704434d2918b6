import { useEffect, useState } from 'react';

import { getConfig, getRecipientKeys } from '../shared/api';
import { formatFingerprint, startCrypto } from '../shared/crypto';
import { checkAgencyKey } from './agencyKey';

export type AgencyKeyState =
  { status: 'checking' } | { status: 'ready'; fingerprint: string } | { status: 'failed'; error: unknown };

/** Checks the agency key as the page opens, so a reporter sees the fingerprint (or the problem) before writing. */
export function useAgencyKey(): AgencyKeyState {
  const [state, setState] = useState<AgencyKeyState>({ status: 'checking' });
  useEffect(() => {
    let live = true;
    const crypto = startCrypto();
    checkAgencyKey({ getConfig, getRecipientKeys, fingerprintOf: crypto.agencyKeyFingerprint })
      .then(({ pinnedAgencyFingerprint }) => {
        if (live) setState({ status: 'ready', fingerprint: formatFingerprint(pinnedAgencyFingerprint) });
      })
      .catch((error: unknown) => {
        if (live) setState({ status: 'failed', error });
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
