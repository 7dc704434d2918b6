import { toHour, type Clock } from '../../clock';
import {
  EVIDENCE_RECEIPT_TYPE,
  EVIDENCE_RECEIPT_VERSION,
  type EvidenceReceipt,
  type EvidenceReceiptSegment,
} from '../../crypto';
import type { AuditService } from '../audit/service';
import { evidenceReceiptErrors } from './errors';
import type { EvidenceReceiptRepository } from './repository';
import type { LazyPlatformKey } from './signing-key';

export type EvidenceReceiptService = ReturnType<typeof evidenceReceiptService>;

/** The receipt as the API serves it: the exact signed text, its signature, and the key's fingerprint. */
export interface ServedReceipt {
  id: string;
  receipt: string;
  armoredSignature: string;
  platformFingerprint: string;
}

/** How many audit entries a file's custody shows (newest first). */
const CUSTODY_EVENTS = 100;

/**
 * Evidence receipts: for every stored file, a canonical JSON document about
 * its ciphertext (segment and whole hashes, sizes, the hour received), signed
 * by the platform signing key. The server signs only what it holds and can
 * check itself: ciphertext bytes and the hour; never anything about content.
 */
export function evidenceReceiptService({
  repository,
  platformKey,
  clock,
  audit,
}: {
  repository: EvidenceReceiptRepository;
  platformKey: LazyPlatformKey;
  clock: Clock;
  audit: Pick<AuditService, 'page'>;
}) {
  async function signAndSave(receipt: Omit<EvidenceReceipt, 'platformKey'>): Promise<ServedReceipt> {
    const signer = await platformKey.get();
    const { receiptText, armoredSignature } = await signer.signReceipt({
      receipt: { ...receipt, platformKey: signer.fingerprint } as EvidenceReceipt,
      now: clock.now(),
    });
    await repository.save({ _id: receipt.file, receiptText, armoredSignature });
    return { id: receipt.file, receipt: receiptText, armoredSignature, platformFingerprint: signer.fingerprint };
  }

  async function get(id: string): Promise<ServedReceipt> {
    const found = await repository.find(id);
    if (!found) throw evidenceReceiptErrors.notFound();
    const parsed = JSON.parse(found.receiptText) as EvidenceReceipt;
    return {
      id,
      receipt: found.receiptText,
      armoredSignature: found.armoredSignature,
      platformFingerprint: parsed.platformKey,
    };
  }

  return {
    /** Called when a file's last segment is stored: the receipt for what was received, in the current hour. */
    issue({
      file,
      report,
      addedBy,
      segments,
      ciphertext,
    }: {
      file: string;
      report: string | null;
      addedBy: EvidenceReceipt['addedBy'];
      segments: EvidenceReceiptSegment[];
      ciphertext: { bytes: number; sha256: string };
    }): Promise<ServedReceipt> {
      return signAndSave({
        type: EVIDENCE_RECEIPT_TYPE,
        version: EVIDENCE_RECEIPT_VERSION,
        report,
        file,
        addedBy,
        receivedAt: toHour(clock.now()).toISOString(),
        segments,
        ciphertext,
      });
    },

    /**
     * The file was sent with a report: the receipt is signed again with the
     * report's reference and otherwise the same facts (the hour it was
     * received stays). Idempotent; a file with no receipt is left alone.
     */
    async attachToReport(file: string, report: string): Promise<void> {
      const found = await repository.find(file);
      if (!found) return;
      const { platformKey: _signedBy, ...receipt } = JSON.parse(found.receiptText) as EvidenceReceipt;
      if (receipt.report === report) return;
      await signAndSave({ ...receipt, report });
    },

    exists: async (file: string) => (await repository.find(file)) !== null,

    /** The receipt of a file that was removed before it was sent goes with it. */
    forget: (file: string) => repository.remove(file),

    get,

    async platformKey() {
      const signer = await platformKey.get();
      return { fingerprint: signer.fingerprint, armoredPublicKey: signer.armoredPublicKey };
    },

    /**
     * A file's chain of custody for the console: its receipt (who added it,
     * the hour, the ciphertext hashes) and every audit entry naming it
     * (who opened or exported it, newest first).
     */
    async custody(id: string) {
      const receipt = await repository.find(id).then((found) => (found ? get(id) : null));
      const { entries } = await audit.page({ limit: CUSTODY_EVENTS, filter: { target: id } });
      return {
        receipt,
        events: entries.map((e) => ({ at: e.at, actor: e.actor, action: e.action, details: e.details ?? {} })),
      };
    },
  };
}
