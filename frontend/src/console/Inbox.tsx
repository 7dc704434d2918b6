import { useCallback, useEffect, useState } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { listReports, type InboxView, type ReportSummary } from './consoleApi';
import { reportReference } from './reference';

export function Inbox({
  token,
  onOpen,
  onError,
}: {
  token: string;
  onOpen(id: string): void;
  onError(error: unknown): string | null;
}) {
  const { t, formatHour } = useI18n();
  const [reports, setReports] = useState<ReportSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<InboxView>('active');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const show = useCallback((page: { reports: ReportSummary[]; nextCursor: string | null }, append: boolean) => {
    setError(null);
    setReports((shown) => (append && shown ? [...shown, ...page.reports] : page.reports));
    setCursor(page.nextCursor);
  }, []);

  const load = (after: string | null) => {
    listReports(token, after, view, { unread: unreadOnly })
      .then((page) => show(page, after !== null))
      .catch((caught: unknown) => setError(onError(caught)));
  };

  useEffect(() => {
    let live = true;
    listReports(token, null, view, { unread: unreadOnly })
      .then((page) => live && show(page, false))
      .catch((caught: unknown) => live && setError(onError(caught)));
    return () => {
      live = false;
    };
  }, [token, onError, show, view, unreadOnly]);

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
              setView(choice);
            }}
          >
            {t(`console.inbox.view.${choice}`)}
          </button>
        ))}
      </div>
      <div className="choice">
        <input
          id="inbox-unread"
          type="checkbox"
          checked={unreadOnly}
          onChange={(e) => {
            setReports(null);
            setCursor(null);
            setUnreadOnly(e.target.checked);
          }}
        />
        <label htmlFor="inbox-unread">{t('console.inbox.unreadOnly')}</label>
      </div>
      {error && <Alert kind="error">{error}</Alert>}
      {reports === null && !error && <p>{t('common.loading')}</p>}
      {reports?.length === 0 && <p>{t(view === 'active' ? 'console.inbox.empty' : 'console.inbox.emptyArchive')}</p>}
      {reports && reports.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="inbox">
            <thead>
              <tr>
                <th scope="col">{t('console.inbox.reference')}</th>
                <th scope="col">{t('console.inbox.received')}</th>
                <th scope="col">{t('console.inbox.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('console.inbox.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={report.id}>
                  <td>
                    <code>{reportReference(report.id)}</code>
                  </td>
                  <td>{formatHour(report.receivedAt)}</td>
                  <td>
                    <span className={`badge badge--${report.status}`}>
                      {t(`console.status.${report.status}` as MessageKey)}
                    </span>
                    {report.unreadReplies && (
                      <>
                        {' '}
                        <span className="badge badge--unread" data-testid="unread-replies">
                          {t('console.inbox.unreadReplies')}
                        </span>
                      </>
                    )}
                  </td>
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
