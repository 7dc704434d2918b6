import { useState, type FormEvent } from 'react';

import { useI18n } from '../i18n';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { postSecondFactor, type Session } from './consoleApi';
import { describeLoginError, isExpiredLogin } from './loginErrors';
import { useLoginStep } from './useLoginStep';

/** The second login step: the code the authenticator app shows, or one of the recovery codes. */
export function SecondFactorForm({
  username,
  loginToken,
  onLoggedIn,
  onExpired,
}: {
  username: string;
  loginToken: string;
  onLoggedIn(session: Session): void;
  onExpired(message: string): void;
}) {
  const { t } = useI18n();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { stage, send } = useLoginStep();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const entered = value.trim();
      const code = useRecovery ? { recoveryCode: entered } : { code: entered.replace(/\s/g, '') };
      onLoggedIn(await send(username, (proof) => postSecondFactor({ loginToken, ...code, ...proof })));
    } catch (caught) {
      if (isExpiredLogin(caught)) {
        onExpired(describeLoginError(caught, t));
        return;
      }
      setValue('');
      setError(describeLoginError(caught, t));
      setBusy(false);
    }
  };

  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)}>
      <h1 tabIndex={-1} ref={heading}>
        {t('console.secondFactor.title')}
      </h1>
      <p>{useRecovery ? t('console.secondFactor.recoveryExplain') : t('console.secondFactor.explain')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset disabled={busy}>
        {useRecovery ? (
          <Field id="second-factor-recovery" label={t('console.secondFactor.recoveryCode')}>
            {(control) => (
              <input
                {...control}
                name="recovery-code"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                required
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </Field>
        ) : (
          <Field id="second-factor-code" label={t('console.secondFactor.code')}>
            {(control) => (
              <input
                {...control}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="\s*(\d\s*){6}"
                maxLength={9}
                required
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </Field>
        )}
        <button type="submit" className="button button--primary">
          {stage === 'proving' ? t('console.login.checking') : t('console.secondFactor.submit')}
        </button>
        <button
          type="button"
          className="button button--link"
          onClick={() => {
            setUseRecovery(!useRecovery);
            setValue('');
            setError(null);
          }}
        >
          {useRecovery ? t('console.secondFactor.useCode') : t('console.secondFactor.useRecovery')}
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
