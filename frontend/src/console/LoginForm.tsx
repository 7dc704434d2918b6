import { useState, type FormEvent } from 'react';

import { useI18n } from '../i18n';
import { ApiError } from '../shared/api';
import { describeApiError } from '../shared/errors';
import { Alert } from '../shared/Layout';
import { login, type Session } from './consoleApi';

export function LoginForm({ notice, onLoggedIn }: { notice: string | null; onLoggedIn(session: Session): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

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
        setError(t('console.login.throttled'));
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
        <div className="field">
          <label htmlFor="login-username">{t('console.login.username')}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('console.login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('console.login.submit')}
        </button>
      </fieldset>
    </form>
  );
}
