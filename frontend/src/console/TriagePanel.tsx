import { useCallback, useEffect, useState, type FormEvent } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import { ApiError } from '../shared/api';
import { Alert } from '../shared/Layout';
import {
  changeReport,
  getHistory,
  getReport,
  PRIORITIES,
  TRIAGE_STATUSES,
  type Priority,
  type ReportChange,
  type ReportSummary,
  type TriageChange,
  type TriageStatus,
} from './consoleApi';
import { triageRefusal } from './triageErrors';

/**
 * The report's workflow: status with a reason, assignee, priority, labels,
 * and its history. Each form sends only its own fields with the version
 * shown; when another reviewer changed the report first the server answers
 * 409 and this says so, with the newest state one click away.
 */
export function TriagePanel({
  report,
  token,
  username,
  onError,
}: {
  report: ReportSummary;
  token: string;
  username: string;
  onError(error: unknown): string | null;
}) {
  const { t, formatExact, formatDay } = useI18n();
  const [current, setCurrent] = useState(report);
  const [history, setHistory] = useState<ReportChange[] | null>(null);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [status, setStatus] = useState<TriageStatus>(report.status === 'new' ? 'in_review' : report.status);
  const [reason, setReason] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [assignee, setAssignee] = useState(report.assignee ?? '');
  const [labels, setLabels] = useState(report.labels.join(', '));

  const loadHistory = useCallback(() => {
    getHistory(token, report.id)
      .then(({ changes }) => setHistory(changes))
      .catch((caught: unknown) => setError(onError(caught)));
  }, [token, report.id, onError]);
  useEffect(loadHistory, [loadHistory]);

  const reload = async () => {
    try {
      const fresh = await getReport(token, report.id);
      setCurrent(fresh);
      setAssignee(fresh.assignee ?? '');
      setLabels(fresh.labels.join(', '));
      setConflict(false);
      setError(null);
      loadHistory();
    } catch (caught) {
      setError(onError(caught));
    }
  };

  const send = async (change: Omit<TriageChange, 'version'>, what: MessageKey) => {
    setError(null);
    setSaved(null);
    try {
      const after = await changeReport(token, report.id, { version: current.version, ...change });
      setCurrent(after);
      setConflict(false);
      setSaved(t(what));
      setReason('');
      loadHistory();
    } catch (caught) {
      const refusal = triageRefusal(caught);
      if (caught instanceof ApiError && caught.code === 'report_changed') setConflict(true);
      else if (refusal) setError(t(refusal));
      else setError(onError(caught));
    }
  };

  const submitStatus = (event: FormEvent) => {
    event.preventDefault();
    void send(
      {
        status,
        reason: reason.trim(),
        ...(status === 'closed_duplicate' ? { duplicateOf: duplicateOf.trim() } : {}),
      },
      'console.triage.savedStatus',
    );
  };

  return (
    <section aria-labelledby="triage-title" data-testid="triage">
      <h2 id="triage-title">{t('console.triage.title')}</h2>
      <dl className="facts">
        <dt>{t('console.report.status')}</dt>
        <dd data-testid="triage-status">
          {t(`console.status.${current.status}` as MessageKey)}
          {current.reason ? ` — ${current.reason}` : ''}
        </dd>
        {current.duplicateOf && (
          <>
            <dt>{t('console.triage.duplicateOf')}</dt>
            <dd>
              <code>{current.duplicateOf}</code>
            </dd>
          </>
        )}
        <dt>{t('console.filter.assignee')}</dt>
        <dd data-testid="triage-assignee">{current.assignee ?? '—'}</dd>
        <dt>{t('console.filter.priority')}</dt>
        <dd>{t(`console.priority.${current.priority}`)}</dd>
        <dt>{t('console.triage.labels')}</dt>
        <dd data-testid="triage-labels">{current.labels.join(', ') || '—'}</dd>
        {current.dueAt && (
          <>
            <dt>{t('console.triage.due')}</dt>
            <dd>
              {formatDay(current.dueAt.slice(0, 10))}
              {current.overdue && (
                <>
                  {' '}
                  <span className="badge badge--overdue">{t(`console.overdue.${current.overdue}`)}</span>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {conflict && (
        <Alert kind="error">
          <span data-testid="triage-conflict">{t('console.triage.conflict')}</span>{' '}
          <button type="button" className="button button--small" onClick={() => void reload()}>
            {t('console.triage.reload')}
          </button>
        </Alert>
      )}
      {error && <Alert kind="error">{error}</Alert>}
      {saved && <Alert kind="info">{saved}</Alert>}

      <form className="triage-form" onSubmit={submitStatus} aria-label={t('console.triage.changeStatus')}>
        <label>
          {t('console.triage.newStatus')}
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value as TriageStatus)}>
            {TRIAGE_STATUSES.filter((s) => s !== 'new').map((s) => (
              <option key={s} value={s}>
                {t(`console.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {status === 'closed_duplicate' && (
          <label>
            {t('console.triage.duplicateOf')}
            <input
              name="duplicateOf"
              value={duplicateOf}
              required
              // The hyphen escaped: browsers compile `pattern` with the `v` flag, where a bare `-]` makes the
              // whole pattern invalid and silently ignored.
              pattern="[A-Za-z0-9_\-]{22}"
              title={t('console.triage.duplicateOfHint')}
              onChange={(e) => setDuplicateOf(e.target.value)}
            />
            <span className="hint">{t('console.triage.duplicateOfHint')}</span>
          </label>
        )}
        <label>
          {t('console.triage.reason')}
          <textarea
            name="reason"
            value={reason}
            required
            maxLength={500}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
          />
          <span className="hint">{t('console.triage.reasonHint')}</span>
        </label>
        <button type="submit" className="button">
          {t('console.triage.changeStatus')}
        </button>
      </form>

      <form
        className="triage-form"
        aria-label={t('console.triage.assign')}
        onSubmit={(event) => {
          event.preventDefault();
          void send({ assignee: assignee.trim() || null }, 'console.triage.savedAssignee');
        }}
      >
        <label>
          {t('console.filter.assignee')}
          <input name="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
        </label>
        <button type="submit" className="button">
          {t('console.triage.assign')}
        </button>
        <button
          type="button"
          className="button button--link"
          onClick={() => void send({ assignee: username }, 'console.triage.savedAssignee')}
        >
          {t('console.triage.assignMe')}
        </button>
      </form>

      <form className="triage-form" aria-label={t('console.filter.priority')}>
        <label>
          {t('console.filter.priority')}
          <select
            name="priority"
            value={current.priority}
            onChange={(e) => void send({ priority: e.target.value as Priority }, 'console.triage.savedPriority')}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`console.priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
      </form>

      <form
        className="triage-form"
        aria-label={t('console.triage.labels')}
        onSubmit={(event) => {
          event.preventDefault();
          const list = labels
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean);
          void send({ labels: list }, 'console.triage.savedLabels');
        }}
      >
        <label>
          {t('console.triage.labels')}
          <input name="labels" value={labels} onChange={(e) => setLabels(e.target.value)} />
          <span className="hint">{t('console.triage.labelsHint')}</span>
        </label>
        <button type="submit" className="button">
          {t('console.triage.saveLabels')}
        </button>
      </form>

      <h3>{t('console.triage.history')}</h3>
      {history?.length === 0 && <p className="muted">{t('console.triage.noHistory')}</p>}
      {history && history.length > 0 && (
        <ol className="history" data-testid="history">
          {history.map((entry) => (
            <li key={entry.version}>
              <strong>{formatExact(entry.at)}</strong> · {entry.actor}:{' '}
              {Object.entries(entry.changes)
                .map(([field, value]) => describe(field, value))
                .join('; ')}
            </li>
          ))}
        </ol>
      )}
    </section>
  );

  function describe(field: string, value: unknown): string {
    if (field === 'status')
      return `${t('console.report.status')}: ${t(`console.status.${String(value)}` as MessageKey)}`;
    if (field === 'priority') return `${t('console.filter.priority')}: ${t(`console.priority.${value as Priority}`)}`;
    if (field === 'labels') return `${t('console.triage.labels')}: ${(value as string[]).join(', ') || '—'}`;
    if (field === 'assignee') return `${t('console.filter.assignee')}: ${value === null ? '—' : String(value)}`;
    if (field === 'reason') return `${t('console.triage.reason')}: ${String(value)}`;
    return `${t('console.triage.duplicateOf')}: ${String(value)}`;
  }
}
