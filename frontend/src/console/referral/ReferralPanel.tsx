import { useCallback, useEffect, useState } from 'react';

import type { KeyRef } from '../../../../crypto/src/types';
import { useI18n } from '../../i18n';
import { formatFingerprint } from '../../shared/crypto';
import { Alert } from '../../shared/Layout';
import type { ReportV2 } from '../../shared/report-v2';
import { downloadBytes } from './blobSink';
import { EvidenceMismatch, type ExportFile } from './exportPackage';
import { ReferralBuilder } from './ReferralBuilder';
import { documentName, type ReferralView } from './referralActions';
import type { Referral } from './referral-model';
import type { DestinationKey } from './referralApi';
import { useReferralActions } from './useReferralActions';

/**
 * The referrals of one report, under the report: those saved (decrypted
 * here), a builder for a new one, and for each a PDF and an export to a
 * registered destination key.
 */
export function ReferralPanel({
  reportId,
  receivedAt,
  report,
  token,
  keyRef,
  onError,
}: {
  reportId: string;
  receivedAt: string;
  report: ReportV2;
  token: string;
  keyRef: KeyRef;
  onError(error: unknown): string | null;
}) {
  const { t, formatExact } = useI18n();
  const actions = useReferralActions(token, keyRef);
  const [views, setViews] = useState<ReferralView[] | null>(null);
  const [building, setBuilding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const reload = useCallback(() => {
    actions
      .list(reportId)
      .then(setViews)
      .catch((caught: unknown) => setError(onError(caught)));
  }, [actions, reportId, onError]);
  useEffect(reload, [reload]);

  const save = async (referral: Referral) => {
    await actions.store(reportId, referral);
    setBuilding(false);
    setSaved(true);
    reload();
  };

  return (
    <section aria-labelledby="referrals-title" data-testid="referrals">
      <h2 id="referrals-title">{t('console.referral.title')}</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {saved && <Alert kind="info">{t('console.referral.saved')}</Alert>}
      {views && views.length === 0 && !building && <p className="muted">{t('console.referral.none')}</p>}
      {views && views.length > 0 && (
        <ul className="referral-list">
          {views.map((view) => (
            <StoredReferralItem
              key={view.stored.id}
              view={view}
              files={report.attachments}
              actions={actions}
              onError={onError}
              when={formatExact(view.stored.createdAt)}
            />
          ))}
        </ul>
      )}
      {!building && (
        <button
          type="button"
          className="button"
          onClick={() => {
            setSaved(false);
            setBuilding(true);
          }}
        >
          {t('console.referral.new')}
        </button>
      )}
      {building && (
        <ReferralBuilder
          report={report}
          receivedAt={receivedAt}
          actions={actions}
          onSave={save}
          onCancel={() => setBuilding(false)}
          onError={onError}
        />
      )}
    </section>
  );
}

function StoredReferralItem({
  view,
  files,
  actions,
  onError,
  when,
}: {
  view: ReferralView;
  files: ReportV2['attachments'];
  actions: ReturnType<typeof useReferralActions>;
  onError(error: unknown): string | null;
  when: string;
}) {
  const { t } = useI18n();
  const [destinations, setDestinations] = useState<DestinationKey[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);

  if (!view.readable) {
    return (
      <li className="referral-item" data-testid="referral">
        <Alert kind="error">{t('console.referral.unreadable', { reason: view.reason })}</Alert>
      </li>
    );
  }
  const { referral } = view;

  const pdf = async () => {
    try {
      const { pdf: bytes } = await actions.pdf(referral);
      downloadBytes([bytes.slice()], `${documentName(referral)}.pdf`, 'application/pdf');
    } catch (error) {
      setOutcome({ kind: 'error', text: onError(error) ?? t('console.referral.pdfFailed') });
    }
  };

  const openExport = async () => {
    setOutcome(null);
    try {
      const keys = await actions.destinations();
      setDestinations(keys);
      setChosen(keys[0]?.fingerprint ?? '');
    } catch (error) {
      setOutcome({ kind: 'error', text: onError(error) ?? '' });
    }
  };

  const runExport = async () => {
    // The referral names files by name and hash only; the stored file is found by its hash in the report.
    const selected: ExportFile[] = referral.evidence
      .filter((item) => item.include)
      .flatMap((item) => {
        const file = files.find((f) => f.sha256 === item.sha256);
        return file
          ? [{ id: file.id, segments: file.segments, name: item.name, size: file.size, sha256: file.sha256 }]
          : [];
      });
    setOutcome(null);
    setProgress({ done: 0, total: 1 });
    try {
      await actions.export({
        referralId: view.stored.id,
        referral,
        fingerprint: chosen,
        files: selected,
        onProgress: (done, total) => setProgress({ done, total }),
        signal: new AbortController().signal,
      });
      setOutcome({ kind: 'info', text: t('console.referral.exported', { files: selected.length }) });
    } catch (error) {
      const text =
        error instanceof EvidenceMismatch
          ? t('console.referral.evidenceMismatch', { name: error.fileName })
          : error instanceof DOMException && error.name === 'AbortError'
            ? t('console.referral.exportCancelled')
            : (onError(error) ?? t('console.referral.exportFailed'));
      setOutcome({ kind: 'error', text });
    } finally {
      setProgress(null);
    }
  };

  return (
    <li className="referral-item" data-testid="referral">
      <p>
        <strong data-testid="referral-number">
          {t('console.referral.outgoing', {
            number: referral.outgoingNumber || '—',
            date: referral.outgoingDate || '—',
          })}
        </strong>
        {' · '}
        {referral.addressee || t('common.notGiven')}
      </p>
      <p className="muted">
        {t('console.referral.savedBy', { who: view.stored.createdBy, when })}
        {' · '}
        {t(`console.referral.decision.${referral.decision.kind}`)}
      </p>
      <div className="button-row">
        <button type="button" className="button button--small" onClick={() => void pdf()}>
          {t('console.referral.downloadPdf')}
        </button>
        {!destinations && (
          <button type="button" className="button button--small" onClick={() => void openExport()}>
            {t('console.referral.export')}
          </button>
        )}
      </div>
      {destinations && destinations.length === 0 && <Alert kind="info">{t('console.referral.noDestinations')}</Alert>}
      {destinations && destinations.length > 0 && (
        <div className="field">
          <label htmlFor={`destination-${view.stored.id}`}>{t('console.referral.destination')}</label>
          <select id={`destination-${view.stored.id}`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {destinations.map((d) => (
              <option key={d.fingerprint} value={d.fingerprint}>
                {d.name}
              </option>
            ))}
          </select>
          <p className="field__hint">
            {t('console.referral.destinationFingerprint')} <code>{formatFingerprint(chosen)}</code>
          </p>
          <p className="field__hint">
            {t('console.referral.exportExplain', { files: referral.evidence.filter((e) => e.include).length })}
          </p>
          <button
            type="button"
            className="button button--primary"
            disabled={progress !== null || !chosen}
            onClick={() => void runExport()}
          >
            {t('console.referral.exportNow')}
          </button>
        </div>
      )}
      {progress && (
        <p role="status" className="progress">
          <span className="spinner" aria-hidden="true" />
          {t('console.referral.exporting', { done: progress.done, total: progress.total })}
        </p>
      )}
      {outcome && (
        <Alert kind={outcome.kind}>
          <span data-testid="referral-export-outcome">{outcome.text}</span>
        </Alert>
      )}
    </li>
  );
}
