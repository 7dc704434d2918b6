import { useEffect, useState } from 'react';

import { formatFingerprint, startCrypto } from '../shared/crypto';
import {
  checkEvidenceReceipt,
  getConfig,
  getEvidenceReceipt,
  getPlatformKey,
  type CheckedReceipt,
  type ReceiptDeps,
  type ServedReceipt,
} from './evidenceReceipt';

export type ReceiptState =
  | { kind: 'loading' }
  /** `fingerprint`: the signing key's, grouped for reading aloud; empty when the check failed. */
  | { kind: 'ready'; checked: CheckedReceipt; fingerprint: string }
  | { kind: 'none' }
  | { kind: 'failed' };

/** The state for a checked receipt (or its absence). */
export const receiptState = (checked: CheckedReceipt | null): ReceiptState =>
  checked
    ? {
        kind: 'ready',
        checked,
        fingerprint: checked.opened.verified ? formatFingerprint(checked.opened.fingerprint) : '',
      }
    : { kind: 'none' };

export function receiptDeps(getReceipt: (id: string) => Promise<ServedReceipt | null>): ReceiptDeps {
  return {
    getReceipt,
    getPlatformKey,
    getConfig,
    openReceipt: (o) => startCrypto().openReceipt(o),
  };
}

/** A file's evidence receipt, fetched and checked when `id` is given (and again when `version` changes). */
export function useEvidenceReceipt(id: string | null, version = 0): ReceiptState {
  const [state, setState] = useState<ReceiptState>({ kind: 'loading' });
  useEffect(() => {
    if (!id) return;
    let live = true;
    checkEvidenceReceipt(id, receiptDeps(getEvidenceReceipt)).then(
      (checked) => live && setState(receiptState(checked)),
      () => live && setState({ kind: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [id, version]);
  return state;
}
