import { useState, type FormEvent } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { useI18n } from '../i18n';
import { Alert } from '../shared/Layout';
import { useNotes } from './useNotes';

/** Internal notes: reviewers only, encrypted in this browser to the agency and reviewer keys. */
export function NotesPanel({
  reportId,
  token,
  keyRef,
  onError,
}: {
  reportId: string;
  token: string;
  keyRef: KeyRef;
  onError(error: unknown): string | null;
}) {
  const { t, formatExact } = useI18n();
  const { notes, error, add } = useNotes(reportId, token, keyRef, onError);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    if (await add(text)) setText('');
    setBusy(false);
  };

  return (
    <section aria-labelledby="notes-title" data-testid="notes">
      <h2 id="notes-title">{t('console.notes.title')}</h2>
      <p className="muted">{t('console.notes.explain')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {notes?.length === 0 && <p className="muted">{t('console.notes.none')}</p>}
      {notes && notes.length > 0 && (
        <ol className="history" data-testid="note-list">
          {notes.map((note) => (
            <li key={note.n}>
              <strong>{formatExact(note.at)}</strong> · {note.author}:{' '}
              {note.text === null ? (
                <em>{t('console.notes.unreadable')}</em>
              ) : (
                <span className="prose">{note.text}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      <form className="triage-form" onSubmit={(event) => void submit(event)} aria-label={t('console.notes.add')}>
        <label>
          {t('console.notes.text')}
          <textarea name="note" value={text} rows={3} maxLength={20_000} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('console.notes.add')}
        </button>
      </form>
    </section>
  );
}
