import { useCallback, useEffect, useState, type FormEvent } from 'react';

import { useI18n } from '../../i18n';
import { Field } from '../../shared/Field';
import { Alert } from '../../shared/Layout';
import { useFocusOnMount } from '../../shared/useFocusOnMount';
import {
  accountAction,
  addReviewer,
  listReviewers,
  resetPassword,
  type AccountAction,
  type ReviewerRow,
} from './adminApi';
import { ConfirmDialog } from './ConfirmDialog';

type Pending = { action: AccountAction | 'password'; username: string };

/**
 * The administrator's accounts page: who exists and who is active, adding a
 * reviewer, and the actions on an account, each destructive one confirmed.
 */
export function ReviewersPanel({
  token,
  self,
  onError,
}: {
  token: string;
  self: string;
  onError(error: unknown): string | null;
}) {
  const { t, formatExact } = useI18n();
  const [rows, setRows] = useState<ReviewerRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const load = useCallback(() => {
    listReviewers(token)
      .then(({ reviewers }) => setRows(reviewers))
      .catch((caught: unknown) => setError(onError(caught)));
  }, [token, onError]);
  useEffect(load, [load]);

  const run = async ({ action, username }: Pending) => {
    setPending(null);
    setError(null);
    try {
      const result =
        action === 'password'
          ? await resetPassword(token, username, newPassword)
          : await accountAction(token, username, action);
      setDone(t(`console.admin.done.${action}`, { username, sessions: result.endedSessions ?? 0 }));
      load();
    } catch (caught) {
      setError(onError(caught));
    } finally {
      setNewPassword('');
    }
  };

  const ask = (action: Pending['action'], username: string) => {
    setDone(null);
    setPending({ action, username });
  };

  return (
    <section aria-labelledby="reviewers-title">
      <h1 id="reviewers-title" tabIndex={-1} ref={heading}>
        {t('console.admin.reviewers.title')}
      </h1>
      {error && <Alert kind="error">{error}</Alert>}
      {done && <Alert kind="success">{done}</Alert>}
      {rows === null && !error && <p>{t('common.loading')}</p>}
      {rows && (
        <ul className="account-list" data-testid="reviewers">
          {rows.map((row) => (
            <li key={row.username} className="card account" data-testid={`reviewer-${row.username}`}>
              <h2 className="account__name">
                {row.username}
                {row.username === self && <span className="muted"> ({t('console.admin.you')})</span>}
              </h2>
              <dl className="account__facts">
                <dt>{t('console.admin.role')}</dt>
                <dd>
                  {row.roles.includes('administrator')
                    ? t('console.admin.role.administrator')
                    : t('console.admin.role.reviewer')}
                </dd>
                <dt>{t('console.admin.state')}</dt>
                <dd>
                  {row.disabledAt
                    ? t('console.admin.state.disabled', { at: formatExact(row.disabledAt) })
                    : t('console.admin.state.active')}
                </dd>
                <dt>{t('console.admin.secondFactor')}</dt>
                <dd>
                  {row.secondFactor
                    ? t('console.admin.secondFactor.enrolled', { at: formatExact(row.secondFactor.enrolledAt) })
                    : t('console.admin.secondFactor.none')}
                </dd>
                <dt>{t('console.admin.sessions')}</dt>
                <dd data-testid="active-sessions">
                  {t('console.admin.sessions.count', { count: row.activeSessions })}
                  {row.lastActiveAt && ` · ${t('console.admin.lastActive', { at: formatExact(row.lastActiveAt) })}`}
                </dd>
              </dl>
              {row.username !== self && (
                <div className="account__actions">
                  {row.disabledAt ? (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => void run({ action: 'enable', username: row.username })}
                    >
                      {t('console.admin.action.enable')}
                    </button>
                  ) : (
                    <button type="button" className="button button--small" onClick={() => ask('disable', row.username)}>
                      {t('console.admin.action.disable')}
                    </button>
                  )}
                  <button type="button" className="button button--small" onClick={() => ask('password', row.username)}>
                    {t('console.admin.action.password')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={row.activeSessions === 0}
                    onClick={() => ask('end-sessions', row.username)}
                  >
                    {t('console.admin.action.end-sessions')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={!row.secondFactor}
                    onClick={() => ask('reset-second-factor', row.username)}
                  >
                    {t('console.admin.action.reset-second-factor')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <AddReviewer
        token={token}
        onAdded={(username) => {
          setDone(t('console.admin.done.add', { username }));
          load();
        }}
        onError={onError}
      />
      {pending && (
        <ConfirmDialog
          title={t(`console.admin.confirm.${pending.action}.title`, { username: pending.username })}
          confirmLabel={t(`console.admin.confirm.${pending.action}.confirm`)}
          onCancel={() => {
            setPending(null);
            setNewPassword('');
          }}
          onConfirm={() => {
            if (pending.action !== 'password' || newPassword.trim().length >= 12) void run(pending);
          }}
        >
          <p>{t(`console.admin.confirm.${pending.action}.body`, { username: pending.username })}</p>
          {pending.action === 'password' && (
            <Field id="new-password" label={t('console.admin.newPassword')} hint={t('console.admin.passwordHint')}>
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autoComplete="new-password"
                  minLength={12}
                  value={newPassword}
                  onChange={(e) => setNewPassword(e.target.value)}
                />
              )}
            </Field>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddReviewer({
  token,
  onAdded,
  onError,
}: {
  token: string;
  onAdded(username: string): void;
  onError(error: unknown): string | null;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [administrator, setAdministrator] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const added = await addReviewer(token, { username, password, administrator });
      setUsername('');
      setPassword('');
      setAdministrator(false);
      onAdded(added.username);
    } catch (caught) {
      const code = (caught as { code?: string }).code;
      if (code === 'reviewer_exists' || code === 'invalid_username' || code === 'weak_password') {
        setError(t(`console.admin.add.${code}`));
      } else setError(onError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="add-title">
      <h2 id="add-title">{t('console.admin.add.title')}</h2>
      <p className="muted">{t('console.admin.add.explain')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset disabled={busy}>
        <Field id="add-username" label={t('console.login.username')} hint={t('console.admin.usernameHint')}>
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field id="add-password" label={t('console.admin.firstPassword')} hint={t('console.admin.passwordHint')}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              minLength={12}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <div className="choice">
          <input
            id="add-administrator"
            type="checkbox"
            checked={administrator}
            onChange={(e) => setAdministrator(e.target.checked)}
          />
          <label htmlFor="add-administrator">{t('console.admin.add.administrator')}</label>
        </div>
        <button type="submit" className="button button--primary">
          {t('console.admin.add.submit')}
        </button>
      </fieldset>
    </form>
  );
}
