import { useEffect, useRef, useState, type FormEvent } from 'react';

import { useI18n } from '../i18n';
import { AttachmentPicker } from '../files/AttachmentPicker';
import { useAttachments } from '../files/useAttachments';
import type { BindTarget } from '../files/uploadAttachment';
import { describeReportError } from '../report/describeError';
import { getConfig } from '../shared/api';
import { isCryptoError } from '../shared/crypto';
import { Field } from '../shared/Field';
import { FocusedAlert } from '../shared/FocusedAlert';
import { Layout } from '../shared/Layout';
import { ReportFacts } from '../shared/ReportFacts';
import { RepresentativeFacts } from '../shared/RepresentativeFacts';
import { MAX_MESSAGE_CHARS } from '../shared/thread-message';
import { ThreadView } from '../shared/ThreadView';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { useLeaveWarning } from '../shared/useLeaveWarning';
import { StageProgress } from '../shared/StageProgress';
import { AccessCodesPanel } from './AccessCodesPanel';
import { isNotRecognised, type OpenedReport } from './returnVisit';
import { useReturnVisit, type ReplyState } from './useReturnVisit';

const MESSAGE: BindTarget = { kind: 'message' };
const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3;

/**
 * Coming back with the receipt: the receipt is typed here, kept in this
 * page's memory only (never in the URL, storage or a cookie), and what it
 * opens is decrypted in the crypto worker.
 */
export function ReturnPage() {
  const { t } = useI18n();
  const { visit, reply, open, send, close } = useReturnVisit();
  return (
    <Layout subtitle={t('app.tagline')}>
      <h1>{t('return.title')}</h1>
      {visit.phase === 'open' ? (
        <OpenReport report={visit.report} reply={reply} onSend={send} onClose={close} />
      ) : visit.phase === 'closed' ? (
        <Closed />
      ) : (
        <ReceiptForm
          busy={visit.phase === 'opening'}
          stage={visit.phase === 'opening' ? visit : null}
          error={visit.phase === 'entering' ? visit.error : null}
          onOpen={open}
        />
      )}
    </Layout>
  );
}

function ReceiptForm({
  busy,
  stage,
  error,
  onOpen,
}: {
  busy: boolean;
  stage: { stage: string; progress?: number | undefined } | null;
  error: unknown;
  onOpen(receipt: string): void;
}) {
  const { t, lang } = useI18n();
  const [receipt, setReceipt] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // The field was disabled while the page worked, which took the focus away: give it back with the error.
  useEffect(() => {
    if (error) input.current?.focus();
  }, [error]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onOpen(receipt);
  };
  let problem: string | null = null;
  if (isCryptoError(error) && error.code === 'invalid_receipt') problem = t('return.receipt.invalid');
  else if (isNotRecognised(error)) problem = t('return.notRecognised');
  else if (error) problem = describeReportError(error, t);
  return (
    <>
      <p className="lead">{t('return.intro')}</p>
      <form className="card" onSubmit={submit} noValidate aria-busy={busy}>
        <Field id="receipt" label={t('return.receipt.label')} hint={t('return.receipt.hint')} error={problem}>
          {(control) => (
            <input
              {...control}
              ref={input}
              className="receipt-input"
              type="text"
              value={receipt}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={64}
              disabled={busy}
              onChange={(e) => setReceipt(e.target.value)}
            />
          )}
        </Field>
        {stage && (
          <StageProgress
            label={t(`return.stage.${stage.stage as 'deriving'}`)}
            proof={
              stage.stage === 'provingWork'
                ? { value: stage.progress ?? 0, label: t('return.stage.provingWork') }
                : null
            }
          />
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('return.open')}
        </button>
      </form>
      <p>
        <a href={`/?lang=${lang}`}>{t('return.newReport')}</a>
      </p>
    </>
  );
}

function OpenReport({
  report,
  reply,
  onSend,
  onClose,
}: {
  report: OpenedReport;
  reply: ReplyState;
  onSend(report: OpenedReport, text: string, files: ReturnType<typeof useAttachments>['done']): Promise<boolean>;
  onClose(): void;
}) {
  const { t, formatHour } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [text, setText] = useState('');
  /** What keeps the reply from going: about the text (shown at the box), or about the files (at the button). */
  const [problem, setProblem] = useState<{ about: 'text' | 'files'; text: string } | null>(null);
  /** Each press of "send" shows its outcome anew, and it takes the focus again. */
  const [attempt, setAttempt] = useState(0);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const [maxFileBytes, setMaxFileBytes] = useState(DEFAULT_MAX_FILE_BYTES);
  useEffect(() => {
    getConfig()
      .then((config) => config.limits.maxFileBytes && setMaxFileBytes(config.limits.maxFileBytes))
      .catch(() => {});
  }, []);
  const files = useAttachments({ target: MESSAGE, maxFileBytes });
  const sending = reply.phase === 'sending';
  useLeaveWarning(text.trim() !== '' || files.items.length > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setAttempt((n) => n + 1);
    if (files.pending || files.failed) {
      return setProblem({ about: 'files', text: t(`files.problem.${files.pending ? 'pending' : 'failed'}`) });
    }
    const textProblem =
      text.length > MAX_MESSAGE_CHARS
        ? t('return.reply.tooLong', { max: MAX_MESSAGE_CHARS })
        : text.trim() === '' && files.done.length === 0
          ? t('return.reply.empty')
          : null;
    if (textProblem) {
      setProblem({ about: 'text', text: textProblem });
      // The box may be screens above the button on a phone: the focus brings it, and its error, into view.
      replyBox.current?.focus();
      return;
    }
    setProblem(null);
    if (await onSend(report, text, files.done)) {
      setText('');
      files.clear();
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="status-title" data-testid="return-status">
        <h2 id="status-title" tabIndex={-1} ref={heading}>
          {t('return.status.title')}
        </h2>
        <p>{t(`return.status.${report.status}`)}</p>
        <p className="muted">{t('return.sentOn', { when: formatHour(report.receivedAt) })}</p>
      </section>

      <OwnReportSection own={report.ownReport} />

      <section className="card" aria-labelledby="thread-title">
        <h2 id="thread-title">{t('return.thread.title')}</h2>
        <ThreadView
          messages={report.messages}
          authorLabel={(author) => t(`return.author.${author}`)}
          renderFiles={(attachments) => (
            <p className="muted">
              {t('return.files', { count: attachments.length, names: attachments.map((a) => a.name).join(', ') })}
            </p>
          )}
        />
      </section>

      <form className="card" aria-labelledby="reply-title" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="reply-title">{t('return.reply.title')}</h2>
        {/* Sending disables the form, which takes the focus away: the outcome takes it, and so comes into view. */}
        {reply.phase === 'writing' && reply.error !== null && (
          <FocusedAlert key={attempt} kind="error" testId="reply-outcome" title={t('return.reply.failed')}>
            {isNotRecognised(reply.error) ? t('return.notRecognised') : describeReportError(reply.error, t)}
          </FocusedAlert>
        )}
        {reply.phase === 'writing' && reply.sent && (
          <FocusedAlert key={attempt} kind="success" testId="reply-outcome">
            {t('return.reply.sent')}
          </FocusedAlert>
        )}
        <Field
          id="reply"
          label={t('return.reply.label')}
          hint={t('return.reply.hint')}
          error={problem?.about === 'text' ? problem.text : null}
        >
          {(control) => (
            <textarea
              {...control}
              ref={replyBox}
              rows={6}
              value={text}
              disabled={sending}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <AttachmentPicker
          items={files.items}
          maxFileBytes={maxFileBytes}
          disabled={sending}
          onAdd={files.add}
          onRemove={files.remove}
          onRetry={files.retry}
          onRemoveMetadata={files.setRemoveMetadata}
        />
        {reply.phase === 'sending' && (
          <div className="progress" role="status" aria-live="polite">
            <span className="spinner" aria-hidden="true" />
            {t(`return.reply.stage.${reply.stage}`)}
          </div>
        )}
        {problem?.about === 'files' && (
          <FocusedAlert key={attempt} kind="error" testId="reply-problem">
            {problem.text}
          </FocusedAlert>
        )}
        <button type="submit" className="button button--primary" disabled={sending}>
          {t('return.reply.send')}
        </button>
      </form>

      <AccessCodesPanel report={report} />

      <button type="button" className="button" onClick={onClose}>
        {t('return.close')}
      </button>
    </>
  );
}

/**
 * The report as the reporter sent it, read-only, decrypted in this browser
 * with the reporter key, behind a "show" the reporter opens (the page may be
 * read where others can see the screen); or, for a report sent before
 * reports were also encrypted to that key, a plain word that it cannot be
 * shown here.
 */
function OwnReportSection({ own }: { own: OpenedReport['ownReport'] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="own-report-title" data-testid="own-report">
      <h2 id="own-report-title">{t('return.own.title')}</h2>
      {own.readable ? (
        <>
          <p className="muted">{t('return.own.intro')}</p>
          <details data-testid="own-report-details">
            <summary>{t('return.own.show')}</summary>
            {own.representative && (
              <RepresentativeFacts
                representative={own.representative}
                title={t('return.own.representative')}
                level={3}
              />
            )}
            <ReportFacts report={own.report} />
          </details>
        </>
      ) : (
        <p>{t(own.reason === 'agency_only' ? 'return.own.agencyOnly' : 'return.own.unreadable')}</p>
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
        {t('return.title')}
      </h2>
      <p>{t('return.closed')}</p>
    </section>
  );
}
