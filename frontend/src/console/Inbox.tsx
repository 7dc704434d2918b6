import { useCallback, useEffect, useState } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import {
  ACTIVE_STATUSES,
  listReports,
  PRIORITIES,
  TRIAGE_STATUSES,
  type InboxQuery,
  type InboxView,
  type ReportSummary,
} from './consoleApi';
import { reportReference } from './reference';

const SORTS = ['received_desc', 'received_asc', 'priority', 'updated'] as const;

type Page = { reports: ReportSummary[]; nextCursor: string | null; total: number };

export function Inbox({
  token,
  username,
  onOpen,
  onError,
}: {
  token: string;
  username: string;
  onOpen(id: string): void;
  onError(error: unknown): string | null;
}) {
  const { t, formatHour } = useI18n();
  const [reports, setReports] = useState<ReportSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<InboxView>('active');
  const [filters, setFilters] = useState<InboxQuery>({});
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const statuses = TRIAGE_STATUSES.filter((s) => ACTIVE_STATUSES.includes(s) === (view === 'active'));

  const show = useCallback((page: Page, append: boolean) => {
    setError(null);
    setReports((shown) => (append && shown ? [...shown, ...page.reports] : page.reports));
    setTotal(page.total);
    setCursor(page.nextCursor);
  }, []);

  const load = (after: string | null) => {
    listReports(token, after, view, filters)
      .then((page) => show(page, after !== null))
      .catch((caught: unknown) => setError(onError(caught)));
  };

  useEffect(() => {
    let live = true;
    listReports(token, null, view, filters)
      .then((page) => live && show(page, false))
      .catch((caught: unknown) => live && setError(onError(caught)));
    return () => {
      live = false;
    };
  }, [token, onError, show, view, filters]);

  const set = (name: keyof InboxQuery, value: string | boolean) =>
    setFilters((current) => ({ ...current, [name]: value }));

  return (
    <section aria-labelledby="inbox-title">
      <div className="toolbar">
        <h1 id="inbox-title" tabIndex={-1} ref={heading}>
          {t('console.inbox.title')}
        </h1>
        <button type="button" className="button" onClick={() => load(null)}>
          {t('console.inbox.refresh')}
        </button>
      </div>
      <div className="segmented" role="group" aria-label={t('console.inbox.views')}>
        {(['active', 'archive'] as const).map((choice) => (
          <button
            key={choice}
            type="button"
            className="button button--small"
            aria-pressed={view === choice}
            onClick={() => {
              if (choice === view) return;
              setReports(null);
              setCursor(null);
              setFilters((current) => ({ ...current, status: '' }));
              setView(choice);
            }}
          >
            {t(`console.inbox.view.${choice}`)}
          </button>
        ))}
      </div>
      <form className="filters" aria-label={t('console.filter.label')} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('console.filter.status')}
          <select name="status" value={filters.status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('console.filter.any')}</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {t(`console.status.${status}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.filter.assignee')}
          <select name="assignee" value={filters.assignee ?? ''} onChange={(e) => set('assignee', e.target.value)}>
            <option value="">{t('console.filter.any')}</option>
            <option value={username}>{t('console.filter.mine')}</option>
            <option value="none">{t('console.filter.unassigned')}</option>
          </select>
        </label>
        <label>
          {t('console.filter.priority')}
          <select name="priority" value={filters.priority ?? ''} onChange={(e) => set('priority', e.target.value)}>
            <option value="">{t('console.filter.any')}</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`console.priority.${priority}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.filter.labelName')}
          <input
            name="label"
            value={filters.label ?? ''}
            maxLength={32}
            onChange={(e) => set('label', e.target.value.trim())}
          />
        </label>
        <label>
          {t('console.filter.from')}
          <input
            type="date"
            name="receivedFrom"
            value={filters.receivedFrom ?? ''}
            onChange={(e) => set('receivedFrom', e.target.value)}
          />
        </label>
        <label>
          {t('console.filter.to')}
          <input
            type="date"
            name="receivedTo"
            value={filters.receivedTo ?? ''}
            onChange={(e) => set('receivedTo', e.target.value)}
          />
        </label>
        <label className="filters__check">
          <input
            type="checkbox"
            name="overdue"
            checked={filters.overdue ?? false}
            onChange={(e) => set('overdue', e.target.checked)}
          />
          {t('console.filter.overdue')}
        </label>
        <label className="filters__check">
          <input
            type="checkbox"
            name="unreadReplies"
            checked={filters.unreadReplies ?? false}
            onChange={(e) => set('unreadReplies', e.target.checked)}
          />
          {t('console.filter.unreadReplies')}
        </label>
        <label>
          {t('console.filter.sort')}
          <select name="sort" value={filters.sort ?? SORTS[0]} onChange={(e) => set('sort', e.target.value)}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`console.sort.${sort}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && <Alert kind="error">{error}</Alert>}
      {reports === null && !error && <p>{t('common.loading')}</p>}
      {reports?.length === 0 && <p>{t(view === 'active' ? 'console.inbox.empty' : 'console.inbox.emptyArchive')}</p>}
      {reports && reports.length > 0 && (
        <>
          <p className="muted" role="status">
            {t('console.inbox.total', { count: total })}
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="inbox">
              <thead>
                <tr>
                  <th scope="col">{t('console.inbox.reference')}</th>
                  <th scope="col">{t('console.inbox.received')}</th>
                  <th scope="col">{t('console.inbox.status')}</th>
                  <th scope="col">{t('console.filter.priority')}</th>
                  <th scope="col">{t('console.filter.assignee')}</th>
                  <th scope="col">{t('console.triage.labels')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('console.inbox.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {reports.map((report) => (
                  <tr key={report.id} data-report={report.id}>
                    <td>
                      <code>{reportReference(report.id)}</code>
                    </td>
                    <td>{formatHour(report.receivedAt)}</td>
                    <td>
                      <span className={`badge badge--${report.status}`}>
                        {t(`console.status.${report.status}` as MessageKey)}
                      </span>{' '}
                      {report.overdue && (
                        <span className="badge badge--overdue">{t(`console.overdue.${report.overdue}`)}</span>
                      )}{' '}
                      {report.unreadReplies && (
                        <span className="badge badge--unread" data-testid="unread-replies">
                          {t('console.inbox.unreadReplies')}
                        </span>
                      )}
                    </td>
                    <td>{t(`console.priority.${report.priority}`)}</td>
                    <td>{report.assignee ?? '—'}</td>
                    <td>{report.labels.join(', ')}</td>
                    <td className="table__action">
                      <button type="button" className="button button--small" onClick={() => onOpen(report.id)}>
                        {t('console.inbox.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {reports && reports.length > 0 && <p className="muted">{t('console.inbox.hourNote')}</p>}
      {cursor && (
        <button type="button" className="button" onClick={() => load(cursor)}>
          {t('console.inbox.more')}
        </button>
      )}
    </section>
  );
}
