import type { KeyRef } from '../../../crypto/src/types';
import { checkAgencyKey, type AgencyKeyDeps } from '../report/agencyKey';
import {
  openThread,
  threadMessage,
  type DecryptMessage,
  type MessageView,
  type StoredMessage,
} from '../shared/thread-message';

export interface ThreadDeps extends AgencyKeyDeps {
  getThread(): Promise<{ reporterPublicKey: string | null; messages: StoredMessage[] }>;
  decryptThreadMessage: DecryptMessage;
  sealThreadMessage(options: {
    message: unknown;
    armoredAgencyKey: string;
    pinnedAgencyFingerprint: string;
    armoredReporterKey: string;
  }): Promise<{ armoredMessage: string }>;
  postThreadMessage(armoredMessage: string): Promise<{ id: string; sentAt: string }>;
}

/** The thread decrypted with the reviewer's unlocked key; the reporter key, to write back with (null: none was sent). */
export async function loadThread(keyRef: KeyRef, deps: Pick<ThreadDeps, 'getThread' | 'decryptThreadMessage'>) {
  const { reporterPublicKey, messages } = await deps.getThread();
  return { reporterPublicKey, messages: await openThread(messages, keyRef, deps.decryptThreadMessage) };
}

/**
 * A reviewer writes to the reporter: encrypted to the recipient set (checked
 * against the pinned agency fingerprint, so the whole team keeps the
 * history) and to the report's reporter key.
 */
export async function writeToReporter(text: string, reporterPublicKey: string, deps: ThreadDeps): Promise<MessageView> {
  const message = threadMessage.parse({ text });
  const key = await checkAgencyKey(deps);
  const { armoredMessage } = await deps.sealThreadMessage({ message, ...key, armoredReporterKey: reporterPublicKey });
  const sent = await deps.postThreadMessage(armoredMessage);
  return { id: sent.id, author: 'reviewer', sentAt: sent.sentAt, readable: true, text: message.text, attachments: [] };
}
