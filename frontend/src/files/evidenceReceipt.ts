import type { OpenedReceipt } from '../../../crypto/src/evidence-receipt';
import { apiRequest, getConfig, type PlatformConfig } from '../shared/api';

/** A receipt as the server serves it: the exact signed text and its detached signature. */
export interface ServedReceipt {
  id: string;
  receipt: string;
  armoredSignature: string;
  platformFingerprint: string;
}

/** A receipt with the browser's own check of its signature (in the crypto worker). */
export interface CheckedReceipt {
  served: ServedReceipt;
  opened: OpenedReceipt;
}

export interface ReceiptDeps {
  getReceipt(id: string): Promise<ServedReceipt | null>;
  getPlatformKey(): Promise<{ armoredPublicKey: string; fingerprint: string }>;
  getConfig(): Promise<Pick<PlatformConfig, 'platformFingerprint'>>;
  openReceipt(options: {
    receiptText: string;
    armoredSignature: string;
    armoredPlatformKey: string;
    platformFingerprint: string;
  }): Promise<OpenedReceipt>;
}

export const getEvidenceReceipt = (id: string) =>
  apiRequest<ServedReceipt>(`/v1/evidence-receipts/${encodeURIComponent(id)}`);
export const getPlatformKey = () => apiRequest<{ armoredPublicKey: string; fingerprint: string }>('/v1/platform-key');
export { getConfig };

/**
 * Fetches a file's receipt and checks its signature against the platform
 * key whose fingerprint the configuration gives (the one published beside the
 * agency's). Null when the file has no receipt.
 */
export async function checkEvidenceReceipt(id: string, deps: ReceiptDeps): Promise<CheckedReceipt | null> {
  const served = await deps.getReceipt(id);
  if (!served) return null;
  const [key, config] = await Promise.all([deps.getPlatformKey(), deps.getConfig()]);
  const opened = await deps.openReceipt({
    receiptText: served.receipt,
    armoredSignature: served.armoredSignature,
    armoredPlatformKey: key.armoredPublicKey,
    platformFingerprint: config.platformFingerprint ?? '',
  });
  return { served, opened };
}

/** The two files a court is given: the JSON exactly as signed, and its detached signature beside it. */
export function receiptFiles(served: ServedReceipt) {
  const json = `evidence-receipt-${served.id}.json`;
  return [
    { name: json, text: served.receipt, type: 'application/json' },
    { name: `${json}.asc`, text: served.armoredSignature, type: 'application/pgp-signature' },
  ];
}

/** Offers `text` as a download, byte for byte (no byte-order mark: the signature covers the exact bytes). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
