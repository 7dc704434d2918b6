import { useEffect, useState } from 'react';

import { getCustody, type Custody } from '../console/consoleApi';
import { checkEvidenceReceipt } from './evidenceReceipt';
import { receiptDeps, receiptState, type ReceiptState } from './useEvidenceReceipt';

export type CustodyState =
  { kind: 'loading' } | { kind: 'ready'; receipt: ReceiptState; events: Custody['events'] } | { kind: 'failed' };

/** A file's custody for the console: its receipt, checked in the crypto worker, and who opened or exported it. */
export function useCustody(token: string, id: string, version: number): CustodyState {
  const [state, setState] = useState<CustodyState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const custody = await getCustody(token, id);
        const checked = await checkEvidenceReceipt(
          id,
          receiptDeps(async () => custody.receipt),
        );
        if (live) setState({ kind: 'ready', receipt: receiptState(checked), events: custody.events });
      } catch {
        if (live) setState({ kind: 'failed' });
      }
    })();
    return () => {
      live = false;
    };
  }, [token, id, version]);
  return state;
}
