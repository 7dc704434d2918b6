import { useState, type FormEvent } from 'react';

import { useI18n } from '../i18n';
import { ApiError } from '../shared/api';
import { describeApiError } from '../shared/errors';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { login, type Session } from './consoleApi';

export function LoginForm({ notice, onLoggedIn }: { notice: string | null; onLoggedIn(session: Session): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstField = useFocusOnMount<HTMLInputElement>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await login(username, password));
    } catch (caught) {
      setPassword('');
      if (caught instanceof ApiError && caught.code === 'invalid_credentials') setError(t('console.login.failed'));
      else if (caught instanceof ApiError && caught.code === 'too_many_attempts')
        setError(t('console.login.throttled', { seconds: String(caught.retryAfter ?? 30) }));
      else setError(describeApiError(caught, t));
      setBusy(false);
    }
  };

  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)}>
      <h1>{t('console.login.title')}</h1>
      {notice && <Alert kind="info">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset disabled={busy}>
        <Field id="login-username" label={t('console.login.username')}>
          {(control) => (
            <input
              {...control}
              ref={firstField}
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field id="login-password" label={t('console.login.password')}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          {t('console.login.submit')}
        </button>
      </fieldset>
    </form>
  );
}
