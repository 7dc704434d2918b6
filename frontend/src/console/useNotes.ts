import { useCallback, useEffect, useState } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { checkAgencyKey } from '../report/agencyKey';
import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { listNotes, postNote } from './consoleApi';
import { addNote, loadNotes, type NoteView } from './notes';

/** The report's notes, decrypted, and a way to add one (notes.ts, bound to the API and the crypto worker). */
export function useNotes(reportId: string, token: string, keyRef: KeyRef, onError: (error: unknown) => string | null) {
  const [notes, setNotes] = useState<NoteView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    const crypto = startCrypto();
    loadNotes(reportId, keyRef, { listNotes: (id) => listNotes(token, id), decryptNote: crypto.decryptNote })
      .then(setNotes)
      .catch((caught: unknown) => setError(onError(caught)));
  }, [reportId, token, keyRef, onError]);
  useEffect(reload, [reload]);

  const add = async (text: string): Promise<boolean> => {
    const crypto = startCrypto();
    try {
      await addNote(reportId, text, {
        recipients: () => checkAgencyKey({ getConfig, getRecipientKeys, fingerprintOf: crypto.agencyKeyFingerprint }),
        prepareRecipients: crypto.prepareRecipients,
        encryptNote: crypto.encryptNote,
        postNote: (id, armoredNote) => postNote(token, id, armoredNote),
      });
      setError(null);
      reload();
      return true;
    } catch (caught) {
      setError(onError(caught));
      return false;
    }
  };

  return { notes, error, add };
}
