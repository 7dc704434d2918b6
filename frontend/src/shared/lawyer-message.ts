import { z } from 'zod';

import type { KeyRef } from '../../../crypto/src/types';
import { MAX_ATTACHMENTS } from './report-fields';
import { attachmentV2 } from './report-v2';
import { MAX_MESSAGE_CHARS, type DecryptMessage, type MessageView, type StoredMessage } from './thread-message';

/** The crypto worker's verb for a message in a lawyer's thread: to the recipient set and the lawyer key. */
export type SealLawyerMessage = (options: {
  message: unknown;
  armoredAgencyKey: string;
  pinnedAgencyFingerprint: string;
  armoredLawyerKey: string;
}) => Promise<{ armoredMessage: string }>;

/** A title a lawyer gives an evidence file, and its description: inside the encryption only. */
export const MAX_EVIDENCE_TITLE_CHARS = 200;
export const MAX_EVIDENCE_DESCRIPTION_CHARS = 2_000;

/** What a lawyer says of one file they add, by the file's id (the file's own facts are in `attachments`). */
export const evidenceNote = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  title: z.string().trim().min(1).max(MAX_EVIDENCE_TITLE_CHARS),
  description: z.string().max(MAX_EVIDENCE_DESCRIPTION_CHARS),
});
export type EvidenceNote = z.infer<typeof evidenceNote>;

/**
 * One message of a lawyer's thread with the agency, inside the encryption
 * (the same envelope as a report's thread, crypto/src/thread-message.ts):
 * its text and, from the lawyer, the evidence files it adds (each described
 * as a report describes a file: name, type, size, plaintext SHA-256) with the
 * lawyer's title and description of each.
 */
export const lawyerMessage = z
  .strictObject({
    text: z.string().max(MAX_MESSAGE_CHARS),
    attachments: z.array(attachmentV2).max(MAX_ATTACHMENTS).optional(),
    evidence: z.array(evidenceNote).max(MAX_ATTACHMENTS).optional(),
  })
  .refine((m) => m.text.trim() !== '' || (m.attachments?.length ?? 0) > 0, { message: 'empty', path: ['text'] });
export type LawyerMessage = z.infer<typeof lawyerMessage>;

export type LawyerAuthor = 'lawyer' | 'reviewer';
export type StoredLawyerMessage = StoredMessage<LawyerAuthor>;
export type LawyerMessageView = MessageView<LawyerAuthor> & { evidence: EvidenceNote[] };

/** Decrypts a lawyer's thread one message at a time; a message it cannot read is shown as such. */
export async function openLawyerThread(
  messages: StoredLawyerMessage[],
  keyRef: KeyRef,
  decrypt: DecryptMessage,
): Promise<LawyerMessageView[]> {
  const views: LawyerMessageView[] = [];
  for (const { armoredMessage, ...stored } of messages) {
    const decrypted = await decrypt({ armoredMessage, keyRef });
    if (decrypted.status === 'failed') {
      views.push({ ...stored, readable: false, reason: decrypted.reason, evidence: [] });
      continue;
    }
    const checked = lawyerMessage.safeParse(decrypted.message);
    views.push(
      checked.success
        ? {
            ...stored,
            readable: true,
            text: checked.data.text,
            attachments: checked.data.attachments ?? [],
            evidence: checked.data.evidence ?? [],
          }
        : { ...stored, readable: false, reason: 'invalid_content', evidence: [] },
    );
  }
  return views;
}
