import { useState, type FormEvent } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import { ApiError } from '../shared/api';
import { describeApiError } from '../shared/errors';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import type { Session } from './consoleApi';
import { useLogIn } from './useLogIn';

/** Server answers a reviewer may meet at login, in their language. */
const LOGIN_ERRORS: Record<string, MessageKey> = {
  invalid_credentials: 'console.login.failed',
  server_busy: 'console.login.busy',
  proof_of_work_required: 'console.login.proofFailed',
  proof_of_work_invalid: 'console.login.proofFailed',
  proof_of_work_spent: 'console.login.proofFailed',
};

export function LoginForm({ notice, onLoggedIn }: { notice: string | null; onLoggedIn(session: Session): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstField = useFocusOnMount<HTMLInputElement>();
  const { stage, logIn } = useLogIn();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await logIn({ username, password }));
    } catch (caught) {
      setPassword('');
      const known = caught instanceof ApiError ? LOGIN_ERRORS[caught.code] : undefined;
      if (known) setError(t(known));
      else if (caught instanceof ApiError && caught.code === 'too_many_attempts')
        setError(t('console.login.throttled', { seconds: caught.retryAfter ?? 30 }));
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
          {stage === 'proving' ? t('console.login.checking') : t('console.login.submit')}
        </button>
      </fieldset>
      {stage === 'proving' && (
        <p className="progress" role="status" aria-live="polite">
          {t('console.login.proving')}
        </p>
      )}
    </form>
  );
}
