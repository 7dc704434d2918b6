import type { KeyRef } from '../../../crypto/src/types';

export interface StoredNote {
  n: number;
  author: string;
  at: string;
  armoredNote: string;
}

/** A note as the console shows it: its text, or null when the unlocked key cannot read it. */
export interface NoteView {
  n: number;
  author: string;
  at: string;
  text: string | null;
}

/** Lists a report's notes and decrypts each with the unlocked key; one that fails is shown as unreadable. */
export async function loadNotes(
  reportId: string,
  keyRef: KeyRef,
  deps: {
    listNotes(reportId: string): Promise<{ notes: StoredNote[] }>;
    decryptNote(options: {
      armoredNote: string;
      keyRef: KeyRef;
    }): Promise<{ status: 'ok'; text: string } | { status: 'failed' }>;
  },
): Promise<NoteView[]> {
  const { notes } = await deps.listNotes(reportId);
  return Promise.all(
    notes.map(async ({ armoredNote, ...note }) => {
      const read = await deps.decryptNote({ armoredNote, keyRef });
      return { ...note, text: read.status === 'ok' ? read.text : null };
    }),
  );
}

/**
 * Encrypts a note in the browser to the recipient set the report pages use
 * (the agency key checked against the pinned fingerprint, and the reviewer
 * keys that set holds; never a reporter's key), then sends the ciphertext.
 */
export async function addNote(
  reportId: string,
  text: string,
  deps: {
    recipients(): Promise<{ armoredAgencyKey: string; pinnedAgencyFingerprint: string }>;
    prepareRecipients(options: { armoredAgencyKey: string; pinnedAgencyFingerprint: string }): Promise<{
      recipientsRef: string;
    }>;
    encryptNote(options: { text: string; recipientsRef: string }): Promise<{ armoredNote: string }>;
    postNote(reportId: string, armoredNote: string): Promise<unknown>;
  },
): Promise<void> {
  const { recipientsRef } = await deps.prepareRecipients(await deps.recipients());
  const { armoredNote } = await deps.encryptNote({ text, recipientsRef });
  await deps.postNote(reportId, armoredNote);
}
