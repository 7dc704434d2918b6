import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { AttachmentList } from '../files/AttachmentList';
import { useFileActions } from '../files/useFileActions';
import { useI18n } from '../i18n';
import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import type { LawyerMessageView } from '../shared/lawyer-message';
import type { AttachmentV2 } from '../shared/report-v2';
import { MAX_MESSAGE_CHARS } from '../shared/thread-message';
import { ThreadView } from '../shared/ThreadView';
import { getLawyerThreads, postLawyerThreadMessage } from './consoleApi';
import { loadLawyerThreads, writeToLawyer, type LawyerThreadDeps, type LawyerThreadView } from './lawyerThreads';

/**
 * The report's threads with lawyers (one per access code the reporter
 * issued), apart from the reporter's own thread: what each lawyer wrote and
 * the evidence they added (with its custody: added by the lawyer), and a box
 * to answer each.
 */
export function LawyerThreadsPanel({
  reportId,
  token,
  keyRef,
  stored,
  onError,
}: {
  reportId: string;
  token: string;
  keyRef: KeyRef;
  stored: string[] | null;
  onError(error: unknown): string | null;
}) {
  const { t } = useI18n();
  const fileActions = useFileActions(token, keyRef);
  const [threads, setThreads] = useState<LawyerThreadView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const deps = useMemo<LawyerThreadDeps>(() => {
    const crypto = startCrypto();
    return {
      getConfig,
      getRecipientKeys,
      fingerprintOf: crypto.agencyKeyFingerprint,
      getLawyerThreads: () => getLawyerThreads(token, reportId),
      decryptThreadMessage: crypto.decryptThreadMessage,
      sealLawyerMessage: crypto.sealLawyerMessage,
      postLawyerThreadMessage: (codeId, armored) => postLawyerThreadMessage(token, reportId, codeId, armored),
    };
  }, [token, reportId]);

  useEffect(() => {
    let live = true;
    loadLawyerThreads(keyRef, deps)
      .then((loaded) => live && setThreads(loaded))
      .catch((caught: unknown) => live && setError(onError(caught)));
    return () => {
      live = false;
    };
  }, [keyRef, deps, onError]);

  const appended = (codeId: string, message: LawyerMessageView) =>
    setThreads((list) =>
      (list ?? []).map((th) => (th.codeId === codeId ? { ...th, messages: [...th.messages, message] } : th)),
    );

  return (
    <section aria-labelledby="lawyer-threads-title" data-testid="console-lawyer-threads">
      <h2 id="lawyer-threads-title">{t('console.lawyers.title')}</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {!threads && !error && <p>{t('common.loading')}</p>}
      {threads?.length === 0 && <p className="muted">{t('console.lawyers.none')}</p>}
      {threads?.map((thread) => (
        <LawyerThread
          key={thread.codeId}
          thread={thread}
          deps={deps}
          onSent={(message) => appended(thread.codeId, message)}
          onError={(caught) => setError(onError(caught))}
          renderFiles={(attachments, message) => (
            <>
              <ul className="file-list">
                {message.evidence.map((note) => (
                  <li key={note.id} className="prose" data-testid="console-lawyer-evidence-note">
                    <strong>{t('console.lawyers.evidence', { title: note.title })}</strong>
                    {note.description && <> — {note.description}</>}
                  </li>
                ))}
              </ul>
              <AttachmentList attachments={attachments} stored={stored} actions={fileActions} />
            </>
          )}
        />
      ))}
    </section>
  );
}

function LawyerThread({
  thread,
  deps,
  onSent,
  onError,
  renderFiles,
}: {
  thread: LawyerThreadView;
  deps: LawyerThreadDeps;
  onSent(message: LawyerMessageView): void;
  onError(error: unknown): void;
  renderFiles(attachments: AttachmentV2[], message: LawyerMessageView): ReactNode;
}) {
  const { t, formatHour } = useI18n();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = `lawyer-reply-${thread.codeId}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    if (text.trim() === '') return setProblem(t('console.lawyers.empty'));
    if (text.length > MAX_MESSAGE_CHARS) return setProblem(t('console.thread.tooLong', { max: MAX_MESSAGE_CHARS }));
    setProblem(null);
    setSending(true);
    try {
      onSent(await writeToLawyer(text, thread, deps));
      setText('');
    } catch (caught) {
      onError(caught);
    } finally {
      setSending(false);
    }
  };

  return (
    <article className="card" data-testid="console-lawyer-thread">
      <h3>{t('console.lawyers.thread', { when: formatHour(thread.issuedAt) })}</h3>
      {thread.revokedAt && (
        <p className="muted">{t('console.lawyers.revoked', { when: formatHour(thread.revokedAt) })}</p>
      )}
      <ThreadView
        messages={thread.messages}
        authorLabel={(author) => t(`console.lawyers.author.${author}`)}
        renderFiles={renderFiles}
      />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id={id} label={t('console.lawyers.write')} hint={t('console.lawyers.hint')} error={problem}>
          {(control) => (
            <textarea {...control} rows={3} value={text} disabled={sending} onChange={(e) => setText(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={sending}>
          {t('console.lawyers.send')}
        </button>
      </form>
    </article>
  );
}
