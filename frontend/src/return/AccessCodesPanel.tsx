import { useState, type FormEvent } from 'react';

import { useI18n } from '../i18n';
import { describeReportError } from '../report/describeError';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import { MAX_LABEL_CHARS, type AccessCodeView, type ShareChoice } from './accessCodes';
import type { OpenedReport } from './returnVisit';
import { useAccessCodes } from './useAccessCodes';

/**
 * Access codes for the reporter's lawyer: a name (encrypted to the reporter
 * key) and a button make a code, shown once; the list shows every code
 * issued, and each active one can be revoked after a confirmation. What the
 * lawyer may see besides the status (the report, the thread, both or
 * nothing) is the reporter's choice, per code, by ticking boxes.
 */
export function AccessCodesPanel({ report }: { report: OpenedReport }) {
  const { t } = useI18n();
  const { codes, issue, create, hideIssued, revoke, revoking, revokeResult, share, sharing, shareError } =
    useAccessCodes(report);
  const [label, setLabel] = useState('');
  const [choice, setChoice] = useState<ShareChoice>(NOTHING);
  const reportReadable = report.ownReport.readable;
  const [problem, setProblem] = useState<string | null>(null);
  const busy = issue.phase === 'issuing';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (label.trim() === '') return setProblem(t('access.label.empty'));
    if (label.length > MAX_LABEL_CHARS) return setProblem(t('access.label.tooLong', { max: MAX_LABEL_CHARS }));
    setProblem(null);
    if (await create(label.trim(), choice)) {
      setLabel('');
      setChoice(NOTHING);
    }
  };

  return (
    <section className="card" aria-labelledby="access-title" data-testid="access-codes">
      <h2 id="access-title">{t('access.title')}</h2>
      <p>{t('access.intro')}</p>

      {issue.phase === 'issued' && (
        <div className="receipt" data-testid="access-code-issued">
          <p className="receipt__label" id="access-code-label">
            {t('access.created.title', { label: issue.label })}
          </p>
          <p className="receipt__code" data-testid="access-code" aria-labelledby="access-code-label">
            {issue.accessCode}
          </p>
          <p>{t('access.created.help')}</p>
          <button type="button" className="button" onClick={hideIssued}>
            {t('access.created.hide')}
          </button>
        </div>
      )}

      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        {issue.phase === 'idle' && issue.error !== null && (
          <Alert kind="error" title={t('access.failed')}>
            {describeReportError(issue.error, t)}
          </Alert>
        )}
        <Field id="access-label" label={t('access.label.label')} hint={t('access.label.hint')} error={problem}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={label}
              autoComplete="off"
              maxLength={MAX_LABEL_CHARS + 20}
              disabled={busy}
              onChange={(e) => setLabel(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="field" aria-describedby="access-share-hint">
          <legend>{t('access.share.legend')}</legend>
          <ShareChoices
            idPrefix="access-share"
            choice={choice}
            reportReadable={reportReadable}
            disabled={busy}
            labels={{ report: t('access.share.reportLabel'), thread: t('access.share.label') }}
            onChange={setChoice}
          />
          <p className="field__hint" id="access-share-hint">
            {t('access.share.hint')}
          </p>
        </fieldset>
        {issue.phase === 'issuing' && (
          <div className="progress" role="status" aria-live="polite">
            <span className="spinner" aria-hidden="true" />
            {t(`access.stage.${issue.stage}`)}
          </div>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('access.create')}
        </button>
      </form>

      <h3>{t('access.list.title')}</h3>
      {revokeResult &&
        (revokeResult.error ? (
          <Alert kind="error" title={t('access.revoke.failed')}>
            {describeReportError(revokeResult.error, t)}
          </Alert>
        ) : (
          <Alert kind="success">{t('access.revoke.done', { label: revokeResult.label ?? '' })}</Alert>
        ))}
      {shareError !== null && (
        <Alert kind="error" title={t('access.share.failed')}>
          {describeReportError(shareError, t)}
        </Alert>
      )}
      {codes.length === 0 ? (
        <p className="muted">{t('access.list.empty')}</p>
      ) : (
        <ul className="file-list">
          {codes.map((code) => (
            <CodeItem
              key={code.codeId}
              code={code}
              busy={revoking === code.codeId || sharing === code.codeId}
              reportReadable={reportReadable}
              onRevoke={() => void revoke(code)}
              onShare={(chosen) => void share(code, chosen)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

const NOTHING: ShareChoice = { report: false, thread: false };

/**
 * The two things a reporter may share with a lawyer, each a box. The report
 * box is off and says why when this page could not read the report (sent
 * before reports were also encrypted to the reporter key).
 */
function ShareChoices({
  idPrefix,
  choice,
  reportReadable,
  disabled,
  labels,
  onChange,
}: {
  idPrefix: string;
  choice: ShareChoice;
  reportReadable: boolean;
  disabled: boolean;
  labels: Record<keyof ShareChoice, string>;
  onChange(choice: ShareChoice): void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="choice" htmlFor={`${idPrefix}-report`}>
        <input
          id={`${idPrefix}-report`}
          type="checkbox"
          checked={choice.report && reportReadable}
          disabled={disabled || !reportReadable}
          onChange={(e) => onChange({ ...choice, report: e.target.checked })}
        />{' '}
        {labels.report}
      </label>
      {!reportReadable && <p className="field__hint">{t('access.share.reportUnavailable')}</p>}
      <label className="choice" htmlFor={`${idPrefix}-thread`}>
        <input
          id={`${idPrefix}-thread`}
          type="checkbox"
          checked={choice.thread}
          disabled={disabled}
          onChange={(e) => onChange({ ...choice, thread: e.target.checked })}
        />{' '}
        {labels.thread}
      </label>
    </>
  );
}

function CodeItem({
  code,
  busy,
  reportReadable,
  onRevoke,
  onShare,
}: {
  code: AccessCodeView;
  busy: boolean;
  reportReadable: boolean;
  onRevoke(): void;
  onShare(choice: ShareChoice): void;
}) {
  const { t, formatHour } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [choice, setChoice] = useState<ShareChoice>(NOTHING);
  const chosen = (choice.report && reportReadable) || choice.thread;
  const name = code.label ?? t('access.list.unreadable');
  return (
    <li className="file" data-testid="access-code-item">
      <div className="file__head">
        <span className="file__name">{name}</span>
      </div>
      <p className="muted">
        {t('access.list.issued', { when: formatHour(code.issuedAt) })} ·{' '}
        <span data-testid="access-code-state">
          {code.revokedAt ? t('access.list.revoked', { when: formatHour(code.revokedAt) }) : t('access.list.active')}
        </span>
      </p>
      {!code.revokedAt && (
        <fieldset className="field" data-testid="access-code-share">
          <legend>{t('access.share.codeLegend')}</legend>
          <p>
            {code.sharedAt ? t('access.share.shared', { when: formatHour(code.sharedAt) }) : t('access.share.nothing')}
          </p>
          <ShareChoices
            idPrefix={`share-${code.codeId}`}
            choice={choice}
            reportReadable={reportReadable}
            disabled={busy}
            labels={{ report: t('access.share.report'), thread: t('access.share.thread') }}
            onChange={setChoice}
          />
          <div className="button-row">
            <button
              type="button"
              className="button button--small"
              disabled={busy || !chosen}
              onClick={() => onShare(choice)}
            >
              {t(code.sharedAt ? 'access.share.again' : 'access.share.share')}
            </button>
            {code.sharedAt && (
              <button type="button" className="button button--small" disabled={busy} onClick={() => onShare(NOTHING)}>
                {t('access.share.stop')}
              </button>
            )}
          </div>
        </fieldset>
      )}
      {!code.revokedAt &&
        (confirming ? (
          <div role="group" aria-label={t('access.revoke')}>
            <p>{t('access.revoke.confirm', { label: name })}</p>
            <div className="button-row">
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => {
                  setConfirming(false);
                  onRevoke();
                }}
              >
                {t('access.revoke.yes')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {t('access.revoke.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="button button--small" disabled={busy} onClick={() => setConfirming(true)}>
            {t('access.revoke')}
          </button>
        ))}
    </li>
  );
}
