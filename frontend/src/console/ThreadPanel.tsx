import { useEffect, useMemo, useState, type FormEvent } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { AttachmentList } from '../files/AttachmentList';
import { useFileActions } from '../files/useFileActions';
import { useI18n } from '../i18n';
import { getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import { MAX_MESSAGE_CHARS, type MessageView } from '../shared/thread-message';
import { ThreadView } from '../shared/ThreadView';
import { getThread, postThreadMessage } from './consoleApi';
import { loadThread, writeToReporter, type ThreadDeps } from './reviewerThread';

/** The thread under a report: what the reporter and the reviewers wrote, and a box to write to the reporter. */
export function ThreadPanel({
  reportId,
  token,
  keyRef,
  stored,
  onError,
}: {
  reportId: string;
  token: string;
  keyRef: KeyRef;
  /** Files the server holds for this report (a reporter's reply may add some). */
  stored: string[] | null;
  onError(error: unknown): string | null;
}) {
  const { t } = useI18n();
  const fileActions = useFileActions(token, keyRef);
  const [thread, setThread] = useState<{ reporterPublicKey: string | null; messages: MessageView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const deps = useMemo<ThreadDeps>(() => {
    const crypto = startCrypto();
    return {
      getConfig,
      getRecipientKeys,
      fingerprintOf: crypto.agencyKeyFingerprint,
      getThread: () => getThread(token, reportId),
      decryptThreadMessage: crypto.decryptThreadMessage,
      sealThreadMessage: crypto.sealThreadMessage,
      postThreadMessage: (armored) => postThreadMessage(token, reportId, armored),
    };
  }, [token, reportId]);

  useEffect(() => {
    let live = true;
    loadThread(keyRef, deps)
      .then((loaded) => live && setThread(loaded))
      .catch((caught: unknown) => live && setError(onError(caught)));
    return () => {
      live = false;
    };
  }, [keyRef, deps, onError]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending || !thread?.reporterPublicKey) return;
    if (text.trim() === '') return setProblem(t('console.thread.empty'));
    if (text.length > MAX_MESSAGE_CHARS) return setProblem(t('console.thread.tooLong', { max: MAX_MESSAGE_CHARS }));
    setProblem(null);
    setSending(true);
    try {
      const sent = await writeToReporter(text, thread.reporterPublicKey, deps);
      setThread({ ...thread, messages: [...thread.messages, sent] });
      setText('');
    } catch (caught) {
      setError(onError(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="thread-title" data-testid="console-thread">
      <h2 id="thread-title">{t('console.thread.title')}</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {!thread && !error && <p>{t('common.loading')}</p>}
      {thread && (
        <>
          <ThreadView
            messages={thread.messages}
            authorLabel={(author) => t(`console.thread.author.${author}`)}
            renderFiles={(attachments) => (
              <AttachmentList attachments={attachments} stored={stored} actions={fileActions} />
            )}
          />
          {thread.reporterPublicKey ? (
            <form onSubmit={(e) => void submit(e)} noValidate>
              <Field
                id="thread-reply"
                label={t('console.thread.write')}
                hint={t('console.thread.hint')}
                error={problem}
              >
                {(control) => (
                  <textarea
                    {...control}
                    rows={4}
                    value={text}
                    disabled={sending}
                    onChange={(e) => setText(e.target.value)}
                  />
                )}
              </Field>
              <button type="submit" className="button button--primary" disabled={sending}>
                {t('console.thread.send')}
              </button>
            </form>
          ) : (
            <p className="muted">{t('console.thread.noReporterKey')}</p>
          )}
        </>
      )}
    </section>
  );
}
