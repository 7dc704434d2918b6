import { useEffect, useState, type FormEvent } from 'react';

import { useI18n } from '../../i18n';
import { formatFingerprint, isCryptoError, startCrypto } from '../../shared/crypto';
import { Field } from '../../shared/Field';
import { Alert, Fingerprint } from '../../shared/Layout';
import { useFocusOnMount } from '../../shared/useFocusOnMount';
import { getOwnKey, postOwnKey, type OwnKey } from '../consoleApi';
import { UnlockKey } from '../UnlockKey';
import { createOwnKey, MIN_KEY_PASSPHRASE, unlockOwnKey, type UnlockedKey } from './ownKey';

type Props = {
  token: string;
  /** An administrator certifies their own key: they are told where, not to tell the administrator. */
  administrator?: boolean;
  onUnlocked(key: UnlockedKey): void;
  onError(error: unknown): string | null;
};

/**
 * What a reviewer unlocks to read reports: their own key (made here at the
 * first login), or the agency key file, which still reads reports sent
 * before their key was certified.
 */
export function ReviewerKeyGate({ token, administrator = false, onUnlocked, onError }: Props) {
  const { t } = useI18n();
  // Until certified: a reviewer gives the fingerprint to the administrator, who certifies their own key themselves.
  const awaitCertification = t(
    administrator ? 'console.ownKey.awaitOwnCertification' : 'console.ownKey.awaitCertification',
  );
  const [own, setOwn] = useState<OwnKey | null | undefined>(undefined);
  const [agencyFile, setAgencyFile] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getOwnKey(token)
      .then(({ key }) => setOwn(key))
      .catch((caught: unknown) => setError(onError(caught)));
  }, [token, onError]);

  if (agencyFile) {
    return (
      <>
        <UnlockKey onUnlocked={onUnlocked} />
        <p className="narrow">
          <button type="button" className="button button--small" onClick={() => setAgencyFile(false)}>
            {t('console.ownKey.useOwn')}
          </button>
        </p>
      </>
    );
  }
  if (error) return <Alert kind="error">{error}</Alert>;
  if (own === undefined) return <p>{t('console.ownKey.loading')}</p>;
  return (
    <>
      {own === null ? (
        <CreateOwnKey token={token} awaitCertification={awaitCertification} onUnlocked={onUnlocked} onError={onError} />
      ) : (
        <UnlockOwnKey own={own} awaitCertification={awaitCertification} onUnlocked={onUnlocked} />
      )}
      <p className="narrow">
        <button
          type="button"
          className="button button--small"
          data-testid="use-agency-key-file"
          onClick={() => setAgencyFile(true)}
        >
          {t('console.ownKey.useAgencyFile')}
        </button>
      </p>
    </>
  );
}

function CreateOwnKey({
  token,
  awaitCertification,
  onUnlocked,
  onError,
}: Omit<Props, 'administrator'> & { awaitCertification: string }) {
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<UnlockedKey | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length < MIN_KEY_PASSPHRASE)
      return setError(t('console.ownKey.tooShort', { min: MIN_KEY_PASSPHRASE }));
    if (passphrase !== repeat) return setError(t('console.ownKey.mismatch'));
    setBusy(true);
    setError(null);
    try {
      const crypto = startCrypto();
      const key = await createOwnKey(passphrase, {
        createReviewerKey: crypto.createReviewerKey,
        postOwnKey: (body) => postOwnKey(token, body),
      });
      setPassphrase('');
      setRepeat('');
      setMade(key);
    } catch (caught) {
      setError(isCryptoError(caught) ? t('error.unexpected') : onError(caught));
      setBusy(false);
    }
  };

  if (made) {
    return (
      <div className="card narrow">
        <h1 tabIndex={-1} ref={heading}>
          {t('console.ownKey.madeTitle')}
        </h1>
        <p>
          {t('console.ownKey.fingerprint')} <Fingerprint value={formatFingerprint(made.fingerprint)} />
        </p>
        <p>{awaitCertification}</p>
        <button type="button" className="button button--primary" onClick={() => onUnlocked(made)}>
          {t('console.ownKey.continue')}
        </button>
      </div>
    );
  }
  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)}>
      <h1 tabIndex={-1} ref={heading}>
        {t('console.ownKey.createTitle')}
      </h1>
      <p>{t('console.ownKey.createExplain')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset disabled={busy}>
        <Field id="own-key-passphrase" label={t('console.ownKey.passphrase')}>
          {(control) => (
            <input
              {...control}
              name="keyPassphrase"
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
        <Field id="own-key-repeat" label={t('console.ownKey.repeat')}>
          {(control) => (
            <input
              {...control}
              name="keyPassphraseRepeat"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          {busy ? t('console.ownKey.creating') : t('console.ownKey.create')}
        </button>
      </fieldset>
    </form>
  );
}

function UnlockOwnKey({
  own,
  awaitCertification,
  onUnlocked,
}: {
  own: OwnKey;
  awaitCertification: string;
  onUnlocked(key: UnlockedKey): void;
}) {
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const unlocked = await unlockOwnKey(own, passphrase, { unlockKey: startCrypto().unlockKey });
      setPassphrase('');
      onUnlocked(unlocked);
    } catch (caught) {
      setError(
        isCryptoError(caught) && caught.code === 'wrong_passphrase'
          ? t('console.unlock.wrongPassphrase')
          : t('error.unexpected'),
      );
      setBusy(false);
    }
  };

  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)}>
      <h1 tabIndex={-1} ref={heading}>
        {t('console.ownKey.unlockTitle')}
      </h1>
      <p>
        {t('console.ownKey.fingerprint')} <Fingerprint value={formatFingerprint(own.fingerprint)} />
      </p>
      <p>{own.certified ? t('console.ownKey.certified') : awaitCertification}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset disabled={busy}>
        <Field id="own-key-unlock" label={t('console.ownKey.passphrase')}>
          {(control) => (
            <input
              {...control}
              name="keyPassphrase"
              type="password"
              autoComplete="off"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          {busy ? t('console.unlock.working') : t('console.unlock.submit')}
        </button>
      </fieldset>
    </form>
  );
}
