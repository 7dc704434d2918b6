import { useState, type FormEvent } from 'react';

import { useI18n } from '../i18n';
import { Field } from '../shared/Field';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { postEnrollment, type Session } from './consoleApi';
import { describeLoginError, isExpiredLogin } from './loginErrors';
import { QrCode } from './QrCode';
import { useLoginStep } from './useLoginStep';

/** The secret in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The first login: the reviewer adds the platform to an authenticator app
 * (the QR code, drawn here, or the secret typed by hand) and confirms with
 * the code it shows; the server then gives the recovery codes, once.
 */
export function EnrollSecondFactor({
  username,
  loginToken,
  secret,
  otpauthUri,
  onEnrolled,
  onExpired,
}: {
  username: string;
  loginToken: string;
  secret: string;
  otpauthUri: string;
  onEnrolled(session: Session, recoveryCodes: string[]): void;
  onExpired(message: string): void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { stage, send } = useLoginStep();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const digits = code.replace(/\s/g, '');
      const { recoveryCodes, ...session } = await send(username, (proof) =>
        postEnrollment({ loginToken, code: digits, ...proof }),
      );
      onEnrolled(session, recoveryCodes);
    } catch (caught) {
      if (isExpiredLogin(caught)) {
        onExpired(describeLoginError(caught, t));
        return;
      }
      setCode('');
      setError(describeLoginError(caught, t));
      setBusy(false);
    }
  };

  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)}>
      <h1 tabIndex={-1} ref={heading}>
        {t('console.enroll.title')}
      </h1>
      <p>{t('console.enroll.explain')}</p>
      <ol className="steps">
        <li>{t('console.enroll.step1')}</li>
        <li>
          {t('console.enroll.step2')}
          <div className="qr-frame">
            <QrCode text={otpauthUri} label={t('console.enroll.qrLabel')} />
          </div>
          <p className="muted">{t('console.enroll.manual')}</p>
          <code className="fingerprint" data-testid="totp-secret">
            {grouped(secret)}
          </code>
        </li>
        <li>{t('console.enroll.step3')}</li>
      </ol>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset disabled={busy}>
        <Field id="enroll-code" label={t('console.secondFactor.code')}>
          {(control) => (
            <input
              {...control}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\s*(\d\s*){6}"
              maxLength={9}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          {stage === 'proving' ? t('console.login.checking') : t('console.enroll.submit')}
        </button>
      </fieldset>
    </form>
  );
}
