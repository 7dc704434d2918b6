import type { KeyRef } from '../../../crypto/src/types';
import { checkAgencyKey, type AgencyKeyDeps } from '../report/agencyKey';
import {
  lawyerMessage,
  openLawyerThread,
  type LawyerMessageView,
  type SealLawyerMessage,
  type StoredLawyerMessage,
} from '../shared/lawyer-message';
import type { DecryptMessage } from '../shared/thread-message';

/** One lawyer's thread as the server serves it: per access code, ciphertext and plain facts. */
export interface StoredLawyerThread {
  codeId: string;
  issuedAt: string;
  revokedAt: string | null;
  lawyerPublicKey: string;
  messages: StoredLawyerMessage[];
}

export type LawyerThreadView = Omit<StoredLawyerThread, 'messages'> & { messages: LawyerMessageView[] };

export interface LawyerThreadDeps extends AgencyKeyDeps {
  getLawyerThreads(): Promise<{ threads: StoredLawyerThread[] }>;
  decryptThreadMessage: DecryptMessage;
  sealLawyerMessage: SealLawyerMessage;
  postLawyerThreadMessage(codeId: string, armoredMessage: string): Promise<{ id: string; sentAt: string }>;
}

/** Every lawyer thread of the report, decrypted with the reviewer's unlocked key. */
export async function loadLawyerThreads(
  keyRef: KeyRef,
  deps: Pick<LawyerThreadDeps, 'getLawyerThreads' | 'decryptThreadMessage'>,
): Promise<LawyerThreadView[]> {
  const { threads } = await deps.getLawyerThreads();
  const views: LawyerThreadView[] = [];
  for (const thread of threads) {
    views.push({ ...thread, messages: await openLawyerThread(thread.messages, keyRef, deps.decryptThreadMessage) });
  }
  return views;
}

/**
 * A reviewer writes to a lawyer: encrypted to the recipient set (checked
 * against the pinned agency fingerprint) and to that lawyer's key; the
 * reporter key is not among them.
 */
export async function writeToLawyer(
  text: string,
  thread: Pick<LawyerThreadView, 'codeId' | 'lawyerPublicKey'>,
  deps: LawyerThreadDeps,
): Promise<LawyerMessageView> {
  const message = lawyerMessage.parse({ text });
  const key = await checkAgencyKey(deps);
  const { armoredMessage } = await deps.sealLawyerMessage({
    message,
    ...key,
    armoredLawyerKey: thread.lawyerPublicKey,
  });
  const sent = await deps.postLawyerThreadMessage(thread.codeId, armoredMessage);
  return {
    id: sent.id,
    author: 'reviewer',
    sentAt: sent.sentAt,
    readable: true,
    text: message.text,
    attachments: [],
    evidence: [],
  };
}
