import { useEffect, useMemo, useState, type FormEvent } from 'react';

import { AttachmentPicker } from '../files/AttachmentPicker';
import { EvidenceReceiptView } from '../files/EvidenceReceiptView';
import { useAttachments, type LawyerUploads } from '../files/useAttachments';
import { useEvidenceReceipt } from '../files/useEvidenceReceipt';
import type { BindTarget } from '../files/uploadAttachment';
import { useI18n } from '../i18n';
import { describeReportError } from '../report/describeError';
import { getConfig } from '../shared/api';
import { isCryptoError } from '../shared/crypto';
import { Field } from '../shared/Field';
import { Alert, Layout } from '../shared/Layout';
import { ReportFacts } from '../shared/ReportFacts';
import { RepresentativeFacts } from '../shared/RepresentativeFacts';
import {
  MAX_EVIDENCE_DESCRIPTION_CHARS,
  MAX_EVIDENCE_TITLE_CHARS,
  type LawyerMessageView,
} from '../shared/lawyer-message';
import type { AttachmentV2 } from '../shared/report-v2';
import { MAX_MESSAGE_CHARS } from '../shared/thread-message';
import { ThreadView } from '../shared/ThreadView';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { useLeaveWarning } from '../shared/useLeaveWarning';
import { StageProgress } from '../shared/StageProgress';
import { createLawyerUpload } from './lawyerApi';
import { isNotRecognised, type EvidenceFile, type OpenedAccess, type SharedView } from './lawyerVisit';
import { useLawyerVisit, type SendState } from './useLawyerVisit';

const LAWYER_MESSAGE: BindTarget = { kind: 'lawyer-message' };
const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3;

/**
 * A lawyer's page, opened with the access code the client issued: the code
 * is typed here and kept in this page's memory only (never in the URL,
 * storage or a cookie); what it opens is decrypted in the crypto worker. It
 * shows the report's status, the lawyer's thread with the agency, and takes
 * evidence; never the client's report or the client's own thread.
 */
export function LawyerPage() {
  const { t } = useI18n();
  const { visit, send, open, write, close } = useLawyerVisit();
  return (
    <Layout subtitle={t('app.tagline')}>
      <h1>{t('lawyer.title')}</h1>
      {visit.phase === 'open' ? (
        <OpenAccess access={visit.access} send={send} onSend={write} onClose={close} />
      ) : visit.phase === 'closed' ? (
        <Closed />
      ) : (
        <CodeForm
          busy={visit.phase === 'opening'}
          stage={visit.phase === 'opening' ? visit : null}
          error={visit.phase === 'entering' ? visit.error : null}
          onOpen={open}
        />
      )}
    </Layout>
  );
}

function CodeForm({
  busy,
  stage,
  error,
  onOpen,
}: {
  busy: boolean;
  stage: { stage: string; progress?: number | undefined } | null;
  error: unknown;
  onOpen(code: string): void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onOpen(code);
  };
  let problem: string | null = null;
  if (isCryptoError(error) && error.code === 'invalid_access_code') problem = t('lawyer.code.invalid');
  else if (isNotRecognised(error)) problem = t('lawyer.notRecognised');
  else if (error) problem = describeReportError(error, t);
  return (
    <>
      <p className="lead">{t('lawyer.intro')}</p>
      <form className="card" onSubmit={submit} noValidate aria-busy={busy}>
        <Field id="access-code" label={t('lawyer.code.label')} hint={t('lawyer.code.hint')} error={problem}>
          {(control) => (
            <input
              {...control}
              className="receipt-input"
              type="text"
              value={code}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={64}
              disabled={busy}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        {stage && (
          <StageProgress
            label={t(`lawyer.stage.${stage.stage as 'deriving'}`)}
            proof={
              stage.stage === 'provingWork'
                ? { value: stage.progress ?? 0, label: t('lawyer.stage.provingWork') }
                : null
            }
          />
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('lawyer.open')}
        </button>
      </form>
    </>
  );
}

/** One evidence file the lawyer added, as their thread shows it: title, description, hash and its signed receipt. */
function EvidenceItem({ file, message }: { file: AttachmentV2; message: LawyerMessageView }) {
  const { t } = useI18n();
  const note = message.evidence.find((e) => e.id === file.id);
  const receipt = useEvidenceReceipt(file.id);
  return (
    <li className="file" data-testid="lawyer-evidence">
      <div className="file__head">
        <span className="file__name">{note?.title ?? file.name}</span>
      </div>
      {note?.description && <p className="prose">{note.description}</p>}
      <p className="muted">{file.name}</p>
      <dl className="facts">
        <dt>{t('lawyer.files.sha256')}</dt>
        <dd className="hash" data-testid="lawyer-evidence-sha256">
          {file.sha256}
        </dd>
      </dl>
      <EvidenceReceiptView state={receipt} />
    </li>
  );
}

function OpenAccess({
  access,
  send,
  onSend,
  onClose,
}: {
  access: OpenedAccess;
  send: SendState;
  onSend(access: OpenedAccess, text: string, files: EvidenceFile[]): Promise<boolean>;
  onClose(): void;
}) {
  const { t, formatHour } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [text, setText] = useState('');
  const [notes, setNotes] = useState<Record<string, { title: string; description: string }>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [maxFileBytes, setMaxFileBytes] = useState(DEFAULT_MAX_FILE_BYTES);
  useEffect(() => {
    getConfig()
      .then((config) => config.limits.maxFileBytes && setMaxFileBytes(config.limits.maxFileBytes))
      .catch(() => {});
  }, []);
  const lawyer = useMemo<LawyerUploads>(
    () => ({
      createUpload: (segments, proofOfWork) => createLawyerUpload(access.accessLookup, segments, proofOfWork),
      extraArmoredKeys: [access.reporterPublicKey, access.lawyerPublicKey],
    }),
    [access.accessLookup, access.reporterPublicKey, access.lawyerPublicKey],
  );
  const files = useAttachments({ target: LAWYER_MESSAGE, maxFileBytes, lawyer });
  const sending = send.phase === 'sending';
  useLeaveWarning(text.trim() !== '' || files.items.length > 0);
  const note = (key: string) => notes[key] ?? { title: '', description: '' };
  const setNote = (key: string, change: Partial<{ title: string; description: string }>) =>
    setNotes((all) => ({ ...all, [key]: { ...note(key), ...change } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    if (files.pending || files.failed) return setProblem(t(`files.problem.${files.pending ? 'pending' : 'failed'}`));
    if (text.length > MAX_MESSAGE_CHARS) return setProblem(t('lawyer.reply.tooLong', { max: MAX_MESSAGE_CHARS }));
    const done = files.items.flatMap((item) => (item.status === 'done' && item.result ? [item] : []));
    if (text.trim() === '' && done.length === 0) return setProblem(t('lawyer.reply.empty'));
    if (done.some((item) => note(item.key).title.trim() === '')) return setProblem(t('lawyer.evidence.titleMissing'));
    const tooLong = done.some(
      (item) =>
        note(item.key).title.length > MAX_EVIDENCE_TITLE_CHARS ||
        note(item.key).description.length > MAX_EVIDENCE_DESCRIPTION_CHARS,
    );
    if (tooLong) {
      return setProblem(
        t('lawyer.evidence.tooLong', { title: MAX_EVIDENCE_TITLE_CHARS, description: MAX_EVIDENCE_DESCRIPTION_CHARS }),
      );
    }
    setProblem(null);
    const evidence: EvidenceFile[] = done.map((item) => ({ ...item.result!, ...note(item.key) }));
    if (await onSend(access, text, evidence)) {
      setText('');
      setNotes({});
      files.clear();
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="status-title" data-testid="lawyer-status">
        <h2 id="status-title" tabIndex={-1} ref={heading}>
          {t('lawyer.status.title')}
        </h2>
        <p>{t(`lawyer.status.${access.status}`)}</p>
        <p className="muted">{t('lawyer.codeIssued', { when: formatHour(access.issuedAt) })}</p>
        <p className="muted">{t('lawyer.scope')}</p>
      </section>

      {access.shared && <Shared shared={access.shared} />}

      <section className="card" aria-labelledby="thread-title">
        <h2 id="thread-title">{t('lawyer.thread.title')}</h2>
        <ThreadView
          messages={access.messages}
          authorLabel={(author) => t(`lawyer.author.${author}`)}
          renderFiles={(attachments, message) => (
            <ul className="file-list" aria-label={t('lawyer.files.title')}>
              {attachments.map((file) => (
                <EvidenceItem key={file.id} file={file} message={message} />
              ))}
            </ul>
          )}
        />
      </section>

      <form className="card" aria-labelledby="reply-title" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="reply-title">{t('lawyer.reply.title')}</h2>
        {send.phase === 'writing' && send.error !== null && (
          <Alert kind="error" title={t('lawyer.reply.failed')}>
            {isNotRecognised(send.error) ? t('lawyer.notRecognised') : describeReportError(send.error, t)}
          </Alert>
        )}
        {send.phase === 'writing' && send.sent && <Alert kind="success">{t('lawyer.reply.sent')}</Alert>}
        <Field id="lawyer-reply" label={t('lawyer.reply.label')} hint={t('lawyer.reply.hint')} error={problem}>
          {(control) => (
            <textarea {...control} rows={6} value={text} disabled={sending} onChange={(e) => setText(e.target.value)} />
          )}
        </Field>
        <p className="field__hint">{t('lawyer.evidence.intro')}</p>
        <AttachmentPicker
          items={files.items}
          maxFileBytes={maxFileBytes}
          disabled={sending}
          onAdd={files.add}
          onRemove={files.remove}
          onRetry={files.retry}
          onRemoveMetadata={files.setRemoveMetadata}
        />
        {files.items
          .filter((item) => item.status !== 'too_large')
          .map((item) => (
            <fieldset key={item.key} className="files" disabled={sending} data-testid="evidence-note">
              <legend>{item.name}</legend>
              <Field id={`title-${item.key}`} label={t('lawyer.evidence.title', { name: item.name })}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    value={note(item.key).title}
                    maxLength={MAX_EVIDENCE_TITLE_CHARS + 20}
                    onChange={(e) => setNote(item.key, { title: e.target.value })}
                  />
                )}
              </Field>
              <Field
                id={`description-${item.key}`}
                label={t('lawyer.evidence.description', { name: item.name })}
                hint={t('lawyer.evidence.descriptionHint')}
              >
                {(control) => (
                  <textarea
                    {...control}
                    rows={3}
                    value={note(item.key).description}
                    onChange={(e) => setNote(item.key, { description: e.target.value })}
                  />
                )}
              </Field>
            </fieldset>
          ))}
        {send.phase === 'sending' && (
          <div className="progress" role="status" aria-live="polite">
            <span className="spinner" aria-hidden="true" />
            {t(`lawyer.reply.stage.${send.stage}`)}
          </div>
        )}
        <button type="submit" className="button button--primary" disabled={sending}>
          {t('lawyer.reply.send')}
        </button>
      </form>

      <button type="button" className="button" onClick={onClose}>
        {t('lawyer.close')}
      </button>
    </>
  );
}

/**
 * What the client chose to share (their report, their thread with the
 * agency, or both), decrypted here with the lawyer key; shown only when they
 * shared something.
 */
function Shared({ shared }: { shared: SharedView }) {
  const { t, formatHour } = useI18n();
  return (
    <section className="card" aria-labelledby="shared-title" data-testid="lawyer-shared">
      <h2 id="shared-title">{t('lawyer.shared.title')}</h2>
      {shared.readable ? (
        <>
          <p className="muted">
            {t('lawyer.shared.intro', { when: shared.sharedAt ? formatHour(shared.sharedAt) : '' })}
          </p>
          {shared.report && (
            <div data-testid="lawyer-shared-report">
              <h3>{t('lawyer.shared.report.title')}</h3>
              {shared.report.representative && (
                <RepresentativeFacts
                  representative={shared.report.representative}
                  title={t('lawyer.shared.representative')}
                  level={3}
                />
              )}
              <ReportFacts report={shared.report.report} />
            </div>
          )}
          {shared.thread && (
            <div data-testid="lawyer-shared-thread">
              <h3>{t('lawyer.shared.thread.title')}</h3>
              <ol className="thread">
                {shared.thread.messages.map((m, i) => (
                  <li key={i} className={`thread__message thread__message--${m.author}`}>
                    <p className="thread__meta">
                      <strong>{t(`lawyer.shared.author.${m.author}`)}</strong> · <span>{formatHour(m.sentAt)}</span>
                    </p>
                    {m.text.trim() !== '' && <p className="prose">{m.text}</p>}
                    {m.files.length > 0 && (
                      <p className="muted">{t('lawyer.shared.files', { names: m.files.join(', ') })}</p>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          )}
        </>
      ) : (
        <p className="field__error">{t('lawyer.shared.failed')}</p>
      )}
    </section>
  );
}

function Closed() {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card" aria-labelledby="closed-title">
      <h2 id="closed-title" tabIndex={-1} ref={heading}>
        {t('lawyer.title')}
      </h2>
      <p>{t('lawyer.closed')}</p>
    </section>
  );
}
