import { z } from 'zod';

import type { DecryptedThreadMessage } from '../../../crypto/src/thread-message';
import type { KeyRef } from '../../../crypto/src/types';
import { MAX_ATTACHMENTS } from './report-fields';
import { attachmentV2, type AttachmentV2 } from './report-v2';

/** Longest message text, in characters: well inside the message envelope's 64 KiB. */
export const MAX_MESSAGE_CHARS = 10_000;

/**
 * One message of a report's thread, inside the encryption (crypto/src/thread-message.ts):
 * its text and, from a reporter, the evidence files it adds, described as a report describes them.
 */
export const threadMessage = z
  .strictObject({
    text: z.string().max(MAX_MESSAGE_CHARS),
    attachments: z.array(attachmentV2).max(MAX_ATTACHMENTS).optional(),
  })
  .refine((m) => m.text.trim() !== '' || (m.attachments?.length ?? 0) > 0, { message: 'empty', path: ['text'] });
export type ThreadMessage = z.infer<typeof threadMessage>;

/** Who writes in a thread: the reporter's thread has the reporter and reviewers, a lawyer's the lawyer and reviewers. */
export type ThreadAuthor = 'reporter' | 'reviewer' | 'lawyer';

/** A message as the server returns it: ciphertext and three plain facts. */
export interface StoredMessage<A extends ThreadAuthor = 'reporter' | 'reviewer'> {
  id: string;
  author: A;
  sentAt: string;
  armoredMessage: string;
}

/** A message as a page shows it: read, or marked with why not (failure is a state, not an exception). */
export type MessageView<A extends ThreadAuthor = 'reporter' | 'reviewer'> = Omit<StoredMessage<A>, 'armoredMessage'> &
  (
    | { readable: true; text: string; attachments: AttachmentV2[] }
    | { readable: false; reason: 'not_for_this_key' | 'corrupted' | 'unknown_envelope' | 'invalid_content' }
  );

export type DecryptMessage = (options: { armoredMessage: string; keyRef: KeyRef }) => Promise<DecryptedThreadMessage>;

/** Decrypts a thread in the crypto worker, one message at a time; never throws for a message it cannot read. */
export async function openThread(
  messages: StoredMessage[],
  keyRef: KeyRef,
  decrypt: DecryptMessage,
): Promise<MessageView[]> {
  const views: MessageView[] = [];
  for (const { armoredMessage, ...stored } of messages) {
    const decrypted = await decrypt({ armoredMessage, keyRef });
    if (decrypted.status === 'failed') {
      views.push({ ...stored, readable: false, reason: decrypted.reason });
      continue;
    }
    const checked = threadMessage.safeParse(decrypted.message);
    views.push(
      checked.success
        ? { ...stored, readable: true, text: checked.data.text, attachments: checked.data.attachments ?? [] }
        : { ...stored, readable: false, reason: 'invalid_content' },
    );
  }
  return views;
}
