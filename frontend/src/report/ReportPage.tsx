import { Alert, Fingerprint, Layout } from '../shared/Layout';
import { useI18n } from '../i18n';
import { AgencyKeyMismatch } from './agencyKey';
import { describeReportError } from './describeError';
import { ReportWizard } from './form/ReportWizard';
import { ReceiptView } from './ReceiptView';
import { useAgencyKey } from './useAgencyKey';
import { useSubmitReport } from './useSubmitReport';

export function ReportPage() {
  const { t } = useI18n();
  const agencyKey = useAgencyKey();
  const { state, submit, reset } = useSubmitReport();
  // Only a proven key mismatch blocks the form; other failures are checked again when sending.
  const blocked = agencyKey.status === 'failed' && agencyKey.error instanceof AgencyKeyMismatch;

  return (
    <Layout subtitle={t('app.tagline')}>
      <h1>{t('report.title')}</h1>
      <p className="lead">{t('report.intro')}</p>

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
        <ReceiptView receipt={state.receipt} onAnother={reset} />
      ) : (
        <>
          {state.phase === 'editing' && state.error !== null && (
            <Alert kind="error" title={t('report.failed.title')}>
              {describeReportError(state.error, t)}
            </Alert>
          )}
          {state.phase === 'working' && (
            <div className="progress" role="status" aria-live="polite">
              <span className="spinner" aria-hidden="true" />
              {t(`report.stage.${state.stage}`)}
            </div>
          )}
          {/* The evidence files' picker (branch `files`) goes into ReportWizard's `attachments` slot. */}
          <ReportWizard disabled={state.phase === 'working' || blocked} onSend={(report) => void submit(report)} />
        </>
      )}
    </Layout>
  );
}
