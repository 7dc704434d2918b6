import { useEffect, useState } from 'react';

import { AttachmentPicker } from '../files/AttachmentPicker';
import { useAttachments } from '../files/useAttachments';
import type { BindTarget } from '../files/uploadAttachment';
import { getConfig } from '../shared/api';
import { Alert, Fingerprint, Layout } from '../shared/Layout';
import { useI18n } from '../i18n';
import { AgencyKeyMismatch } from './agencyKey';
import { describeReportError } from './describeError';
import { ReportWizard } from './form/ReportWizard';
import { ReceiptView } from './ReceiptView';
import { EvidenceReceiptList } from '../files/EvidenceReceiptList';
import { FocusedAlert } from '../shared/FocusedAlert';
import { StageProgress } from '../shared/StageProgress';
import { useAgencyKey } from './useAgencyKey';
import { useSubmitReport } from './useSubmitReport';

const NEW_REPORT: BindTarget = { kind: 'new-report' };
/** Until the server's own limit arrives (GET /api/v1/config). */
const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3;

export function ReportPage() {
  const { t, lang } = useI18n();
  const agencyKey = useAgencyKey();
  const { state, submit, reset } = useSubmitReport();
  const [maxFileBytes, setMaxFileBytes] = useState(DEFAULT_MAX_FILE_BYTES);
  useEffect(() => {
    getConfig()
      .then((config) => config.limits.maxFileBytes && setMaxFileBytes(config.limits.maxFileBytes))
      .catch(() => {});
  }, []);
  const files = useAttachments({ target: NEW_REPORT, maxFileBytes });
  const [filesProblem, setFilesProblem] = useState<'pending' | 'failed' | null>(null);
  /** Each press of "send" that fails shows its problem anew, and it takes the focus again. */
  const [attempt, setAttempt] = useState(0);
  const send = (content: Parameters<typeof submit>[0], representative?: Parameters<typeof submit>[2]) => {
    setAttempt((n) => n + 1);
    if (files.pending || files.failed) {
      setFilesProblem(files.pending ? 'pending' : 'failed');
      return;
    }
    setFilesProblem(null);
    void submit(content, files.done, representative);
  };
  const goToForm = () => {
    const title = document.getElementById('step-title');
    title?.scrollIntoView({ block: 'start' });
    title?.focus({ preventScroll: true });
  };
  // Only a proven key mismatch blocks the form; other failures are checked again when sending.
  const blocked = agencyKey.status === 'failed' && agencyKey.error instanceof AgencyKeyMismatch;

  return (
    <Layout subtitle={t('app.tagline')}>
      <h1>{t('report.title')}</h1>
      <p className="lead">{t('report.intro')}</p>
      {state.phase !== 'done' && (
        // On a phone the form starts screens below (the safety notes, the key): one press takes the person there.
        <p>
          <button type="button" className="button button--primary" onClick={goToForm}>
            {t('report.start')}
          </button>
        </p>
      )}
      <p>
        {/* The language goes along: Tor Browser asks every site for English, whatever the person chose here. */}
        <a href={`/return/?lang=${lang}`}>{t('report.returnLink')}</a>
      </p>

      <section className="card card--quiet" aria-labelledby="safety-title">
        <h2 id="safety-title">{t('report.safety.title')}</h2>
        <ul className="checklist">
          <li>{t('report.safety.encrypted')}</li>
          <li>{t('report.safety.noAddress')}</li>
          <li>{t('report.safety.tor')}</li>
          <li>{t('report.safety.nothingKept')}</li>
        </ul>
      </section>

      <section className="card card--quiet" aria-labelledby="key-title" aria-live="polite">
        <h2 id="key-title">{t('report.key.title')}</h2>
        {agencyKey.status === 'checking' && <p>{t('report.key.checking')}</p>}
        {agencyKey.status === 'ready' && (
          <>
            <p>{t('report.key.fingerprint')}</p>
            <Fingerprint value={agencyKey.fingerprint} />
            <p className="muted">{t('report.key.compare')}</p>
          </>
        )}
        {agencyKey.status === 'failed' && <Alert kind="error">{describeReportError(agencyKey.error, t)}</Alert>}
      </section>

      {state.phase === 'done' ? (
        <>
          <ReceiptView
            receipt={state.receipt}
            onAnother={() => {
              files.clear();
              reset();
            }}
          />
          <EvidenceReceiptList files={files.done.map((f) => ({ id: f.upload.id, name: f.descriptor.name }))} />
        </>
      ) : (
        <ReportWizard
          disabled={state.phase === 'working' || blocked}
          onSend={send}
          attachments={
            <AttachmentPicker
              items={files.items}
              maxFileBytes={maxFileBytes}
              disabled={state.phase === 'working' || blocked}
              onAdd={files.add}
              onRemove={files.remove}
              onRetry={files.retry}
              onRemoveMetadata={files.setRemoveMetadata}
            />
          }
          attachmentDescriptors={files.descriptors}
          filesWaiting={files.items.filter((f) => f.status === 'queued' || f.status === 'working').length}
          status={
            state.phase === 'working' ? (
              <StageProgress
                label={t(`report.stage.${state.stage}`)}
                proof={
                  state.stage === 'provingWork'
                    ? { value: state.progress ?? 0, label: t('report.stage.provingWork') }
                    : null
                }
              />
            ) : filesProblem ? (
              <FocusedAlert key={attempt} kind="error" testId="send-problem">
                {t(`files.problem.${filesProblem}`)}
              </FocusedAlert>
            ) : state.phase === 'editing' && state.error !== null ? (
              <FocusedAlert key={attempt} kind="error" testId="send-problem" title={t('report.failed.title')}>
                {describeReportError(state.error, t)}
              </FocusedAlert>
            ) : null
          }
        />
      )}
    </Layout>
  );
}
