import type { DecryptedReferral } from '../../../../crypto/src/referral';
import type { FileSink } from '../../files/saveAttachment';
import { writeExportPackage, type ExportDeps, type ExportFile } from './exportPackage';
import { referralV1, type Referral } from './referral-model';
import type { StoredReferral } from './referralApi';

/**
 * What the referral panel does, as plain async functions with their
 * dependencies as parameters (the hook binds them to the session, the crypto
 * worker and the API): components never touch the crypto layer.
 */

/** A stored referral decrypted and checked, or marked with why it could not be. */
export type ReferralView =
  | { stored: Omit<StoredReferral, 'armoredReferral'>; readable: true; referral: Referral }
  | { stored: Omit<StoredReferral, 'armoredReferral'>; readable: false; reason: string };

export async function openReferrals(
  stored: StoredReferral[],
  decrypt: (armoredReferral: string) => Promise<DecryptedReferral>,
): Promise<ReferralView[]> {
  const views: ReferralView[] = [];
  for (const { armoredReferral, ...meta } of stored) {
    const decrypted = await decrypt(armoredReferral);
    if (decrypted.status === 'failed') {
      views.push({ stored: meta, readable: false, reason: decrypted.reason });
      continue;
    }
    const checked = referralV1.safeParse(decrypted.referral);
    views.push(
      checked.success
        ? { stored: meta, readable: true, referral: checked.data }
        : { stored: meta, readable: false, reason: 'invalid_content' },
    );
  }
  return views;
}

/**
 * The PDF, made by a chunk loaded only now (pdf-lib, fontkit and the font
 * are never part of a page's first load; the reporter page never has them).
 */
export async function makeReferralPdf(referral: Referral) {
  const [{ renderReferralPdf }, { default: fontUrl }] = await Promise.all([
    import('./referral-pdf'),
    import('dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url'),
  ]);
  const response = await fetch(fontUrl, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!response.ok) throw new Error('the font could not be loaded');
  return renderReferralPdf(referral, new Uint8Array(await response.arrayBuffer()));
}

/** A safe file name from the outgoing number (the package and the PDF are named after it). */
export function documentName(referral: Referral): string {
  const number = referral.outgoingNumber.replace(/[^\p{L}\p{N}-]+/gu, '-').replace(/^-+|-+$/g, '');
  return `referral${number ? `-${number}` : ''}-${referral.outgoingDate || 'undated'}`;
}

export interface ExportActionDeps {
  /** Records the export (audit) and answers the destination key. */
  prepare(): Promise<{ armoredPublicKey: string }>;
  prepareDestination(options: {
    armoredDestinationKey: string;
    expectedFingerprint: string;
  }): Promise<{ destinationRef: string }>;
  closeDestination(options: { destinationRef: string }): Promise<void>;
  files: Omit<ExportDeps, 'encryptForDestination'> & {
    encryptForDestination(options: {
      destinationRef: string;
      plaintext: Uint8Array;
    }): Promise<{ encryptedMessage: Uint8Array<ArrayBuffer> }>;
  };
  sink(name: string): Promise<FileSink>;
}

/** The export: audited first, then the package written to the sink (exportPackage.ts). */
export async function exportReferral({
  referral,
  fingerprint,
  files,
  deps,
  onProgress,
  signal,
}: {
  referral: Referral;
  fingerprint: string;
  files: ExportFile[];
  deps: ExportActionDeps;
  onProgress(done: number, total: number): void;
  signal: AbortSignal;
}) {
  const { pdf } = await makeReferralPdf(referral);
  const destination = await deps.prepare();
  const { destinationRef } = await deps.prepareDestination({
    armoredDestinationKey: destination.armoredPublicKey,
    expectedFingerprint: fingerprint,
  });
  try {
    const name = documentName(referral);
    const sink = await deps.sink(`${name}.tar`);
    return await writeExportPackage({
      pdf,
      pdfName: `${name}.pdf`,
      files,
      sink,
      signal,
      onProgress,
      deps: {
        ...deps.files,
        encryptForDestination: ({ plaintext }) => deps.files.encryptForDestination({ destinationRef, plaintext }),
      },
    });
  } finally {
    await deps.closeDestination({ destinationRef }).catch(() => {});
  }
}
