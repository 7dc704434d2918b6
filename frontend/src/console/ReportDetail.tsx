import { useEffect, useState } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { useI18n } from '../i18n';
import { isCryptoError, startCrypto } from '../shared/crypto';
import { Alert } from '../shared/Layout';
import { ReportFacts } from '../shared/ReportFacts';
import { RepresentativeFacts } from '../shared/RepresentativeFacts';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { AttachmentList } from '../files/AttachmentList';
import { useFileActions } from '../files/useFileActions';
import { getReport, listAttachments } from './consoleApi';
import { openReport, type ReportView } from './openReport';
import { reportReference } from './reference';
import { LawyerThreadsPanel } from './LawyerThreadsPanel';
import { ReportSignatures } from './ReportSignatures';
import { NotesPanel } from './NotesPanel';
import { TriagePanel } from './TriagePanel';
import { ReferralPanel } from './referral/ReferralPanel';
import { ThreadPanel } from './ThreadPanel';

export function ReportDetail({
  id,
  token,
  username,
  keyRef,
  onBack,
  onError,
}: {
  id: string;
  token: string;
  username: string;
  keyRef: KeyRef;
  onBack(): void;
  onError(error: unknown): string | null;
}) {
  const { t, formatHour, formatDay } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [view, setView] = useState<ReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stored, setStored] = useState<string[] | null>(null);
  /** Counts signer keys pasted here: each one opens the report again, to check its signatures with that key. */
  const [signerKeys, setSignerKeys] = useState(0);
  const fileActions = useFileActions(token, keyRef);

  useEffect(() => {
    let live = true;
    listAttachments(token, id)
      .then(({ attachments }) => live && setStored(attachments.map((a) => a.id)))
      .catch((caught: unknown) => live && setError(onError(caught)));
    return () => {
      live = false;
    };
  }, [id, token, onError]);

  useEffect(() => {
    let live = true;
    openReport(id, keyRef, {
      getReport: (reportId) => getReport(token, reportId),
      decryptReport: startCrypto().decryptReport,
    })
      .then((opened) => live && setView(opened))
      .catch((caught: unknown) => live && setError(onError(caught)));
    return () => {
      live = false;
    };
  }, [id, keyRef, token, onError, signerKeys]);

  const addSignerKey = async (armoredPublicKey: string) => {
    try {
      await startCrypto().addSignerKey({ armoredPublicKey });
    } catch (caught) {
      return isCryptoError(caught) && caught.code === 'invalid_key' ? t('console.signature.badKey') : onError(caught);
    }
    setSignerKeys((n) => n + 1);
    return null;
  };

  return (
    <article className="card" aria-labelledby="report-title" data-testid="report-detail">
      <button type="button" className="button button--link" onClick={onBack}>
        ← {t('common.back')}
      </button>
      <h1 id="report-title" tabIndex={-1} ref={heading}>
        {t('console.report.title')}
      </h1>
      {error && <Alert kind="error">{error}</Alert>}
      {!view && !error && (
        <p role="status" className="progress">
          <span className="spinner" aria-hidden="true" />
          {t('console.report.decrypting')}
        </p>
      )}
      {view && (
        <>
          <dl className="facts">
            <dt>{t('console.report.reference')}</dt>
            <dd>
              <code>{reportReference(view.id)}</code>{' '}
              <code className="muted" data-testid="report-id">
                {view.id}
              </code>
            </dd>
            <dt>{t('console.report.received')}</dt>
            <dd>{formatHour(view.receivedAt)}</dd>
            {view.readable === 'form' && (
              <>
                <dt>{t('console.report.agency')}</dt>
                <dd>{t(`agency.${view.content.agency}`)}</dd>
                <dt>{t('console.report.date')}</dt>
                <dd>{view.content.date ? formatDay(view.content.date) : t('common.notGiven')}</dd>
                <dt>{t('console.report.region')}</dt>
                <dd>{view.content.region ? t(`region.${view.content.region}`) : t('common.notGiven')}</dd>
                <dt>{t('console.report.whatHappened')}</dt>
                <dd className="prose" data-testid="what-happened">
                  {view.content.whatHappened}
                </dd>
              </>
            )}
            {view.readable === 'text' && (
              <>
                <dt>{t('console.report.whatHappened')}</dt>
                <dd className="prose" data-testid="what-happened">
                  {view.text}
                </dd>
              </>
            )}
          </dl>
          {view.signatures && <ReportSignatures signatures={view.signatures} onAddKey={addSignerKey} />}
          {view.readable !== false && view.representative && (
            <RepresentativeFacts
              representative={view.representative}
              title={t('console.representative.title')}
              explain={t('console.representative.explain')}
            />
          )}
          <TriagePanel report={view} token={token} username={username} onError={onError} />
          <NotesPanel reportId={view.id} token={token} keyRef={keyRef} onError={onError} />
          {view.readable === 'report' && <ReportFacts report={view.report} />}
          {view.readable === 'report' && (
            <section aria-labelledby="files-title">
              <h2 id="files-title">{t('console.files.title')}</h2>
              <AttachmentList attachments={view.report.attachments} stored={stored} actions={fileActions} />
            </section>
          )}
          {view.readable === 'report' && (
            <ReferralPanel
              reportId={view.id}
              receivedAt={view.receivedAt}
              report={view.report}
              token={token}
              keyRef={keyRef}
              onError={onError}
            />
          )}
          {view.readable === 'text' && <Alert kind="info">{t('console.report.plaintext')}</Alert>}
          {view.hasReporterKey && (
            <ThreadPanel reportId={view.id} token={token} keyRef={keyRef} stored={stored} onError={onError} />
          )}
          {view.hasReporterKey && (
            <LawyerThreadsPanel reportId={view.id} token={token} keyRef={keyRef} stored={stored} onError={onError} />
          )}
          {view.readable === false && (
            <>
              <Alert kind="error">{t(`console.report.failed.${view.failure}`)}</Alert>
              {view.raw && (
                <details>
                  <summary>{t('console.report.raw')}</summary>
                  <pre className="raw">{view.raw}</pre>
                </details>
              )}
            </>
          )}
        </>
      )}
    </article>
  );
}
