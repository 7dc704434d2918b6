import { useState, type FormEvent } from 'react';

import { useI18n } from '../i18n';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { postSession, type LoginTicket } from './consoleApi';
import { describeLoginError } from './loginErrors';
import { useLoginStep } from './useLoginStep';

/** The first login step: username and password (with a proof of work when the server asks for one). */
export function LoginForm({
  notice,
  onPassed,
}: {
  notice: string | null;
  onPassed(ticket: LoginTicket, username: string): void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstField = useFocusOnMount<HTMLInputElement>();
  const { stage, send } = useLoginStep();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const ticket = await send(username, (proof) => postSession({ username, password, ...proof }));
      onPassed(ticket, username);
    } catch (caught) {
      setPassword('');
      setError(describeLoginError(caught, t));
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
