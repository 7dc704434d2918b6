import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';

import { useI18n, type MessageKey } from '../../i18n';
import { Field } from '../../shared/Field';
import { Alert } from '../../shared/Layout';
import { useFocusOnMount } from '../../shared/useFocusOnMount';
import { listAudit, type AuditEntry, type AuditPage } from './adminApi';
import { AUDIT_FILTER_ACTIONS } from './auditActions';

interface Filter {
  actor: string;
  action: string;
  target: string;
}

const details = (entry: AuditEntry) =>
  Object.entries(entry.details)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');

/** The audit log, newest first, filtered by who, what and on what; older pages on request. */
export function AuditLog({ token, onError }: { token: string; onError(error: unknown): string | null }) {
  const { t, formatExact } = useI18n();
  // In the reader's language; an action this console does not know (a newer server) shows as its code.
  const actionLabel = (action: string) => {
    const key = `console.audit.action.${action}` as MessageKey;
    const label = t(key);
    return label === key ? action : label;
  };
  const [filter, setFilter] = useState<Filter>({ actor: '', action: '', target: '' });
  const [applied, setApplied] = useState<Filter>(filter);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  // Only the newest request's answer is shown: an earlier page (the unfiltered one, say) answering late would
  // otherwise replace the filtered rows.
  const latest = useRef(0);
  const load = useCallback(
    (before: number | null, wanted: Filter) => {
      const request = ++latest.current;
      listAudit(token, { before, ...wanted })
        .then((next) => {
          if (request !== latest.current) return;
          setError(null);
          setPage(next);
          setEntries((shown) => (before ? [...shown, ...next.entries] : next.entries));
        })
        .catch((caught: unknown) => {
          if (request === latest.current) setError(onError(caught));
        });
    },
    [token, onError],
  );
  useEffect(() => load(null, applied), [load, applied]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ actor: filter.actor.trim(), action: filter.action, target: filter.target.trim() });
  };

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title" tabIndex={-1} ref={heading}>
        {t('console.audit.title')}
      </h1>
      <p className="muted">{t('console.audit.explain')}</p>
      <form className="card form audit-filter" onSubmit={submit} aria-label={t('console.audit.filter')}>
        <Field id="audit-actor" label={t('console.audit.actor')}>
          {(control) => (
            <input
              {...control}
              value={filter.actor}
              onChange={(e) => setFilter({ ...filter, actor: e.target.value })}
            />
          )}
        </Field>
        <Field id="audit-action" label={t('console.audit.action')}>
          {(control) => (
            <select
              {...control}
              value={filter.action}
              onChange={(e) => setFilter({ ...filter, action: e.target.value })}
            >
              <option value="">{t('console.audit.anyAction')}</option>
              {AUDIT_FILTER_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {actionLabel(action)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="audit-target" label={t('console.audit.target')}>
          {(control) => (
            <input
              {...control}
              value={filter.target}
              onChange={(e) => setFilter({ ...filter, target: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t('console.audit.apply')}
        </button>
      </form>
      {error && <Alert kind="error">{error}</Alert>}
      {page && (
        <p className="muted audit-head" data-testid="audit-head">
          {t('console.audit.head', { seq: page.head.seq, hash: page.head.hash })}
        </p>
      )}
      {page && entries.length === 0 && <p>{t('console.audit.empty')}</p>}
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="table audit-table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">{t('console.audit.seq')}</th>
                <th scope="col">{t('console.audit.at')}</th>
                <th scope="col">{t('console.audit.actor')}</th>
                <th scope="col">{t('console.audit.action')}</th>
                <th scope="col">{t('console.audit.target')}</th>
                <th scope="col">{t('console.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{formatExact(entry.at)}</td>
                  <td>{entry.actor}</td>
                  <td>
                    {actionLabel(entry.action)}
                    <br />
                    <code className="muted">{entry.action}</code>
                  </td>
                  <td>{entry.target ?? ''}</td>
                  <td>{details(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page?.nextBefore && (
        <button type="button" className="button" onClick={() => load(page.nextBefore, applied)}>
          {t('console.audit.more')}
        </button>
      )}
    </section>
  );
}
