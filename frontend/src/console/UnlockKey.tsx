import { useEffect, useState, type FormEvent } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { useI18n } from '../i18n';
import { getRecipientKeys } from '../shared/api';
import { formatFingerprint, isCryptoError, startCrypto } from '../shared/crypto';
import { describeApiError } from '../shared/errors';
import { Field } from '../shared/Field';
import { Alert, Fingerprint } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';

/** The agency private key is read from a local file into the crypto worker; the file and passphrase are never sent. */
export function UnlockKey({ onUnlocked }: { onUnlocked(key: { keyRef: KeyRef; fingerprint: string }): void }) {
  const { t } = useI18n();
  const [platformKey, setPlatformKey] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    getRecipientKeys()
      .then((keys) => setPlatformKey(keys.agencyKey.fingerprint))
      .catch((caught: unknown) => setError(describeApiError(caught, t)));
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError(t('console.unlock.noFile'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const armoredPrivateKey = await file.text();
      const unlocked = await startCrypto().unlockKey({
        armoredPrivateKey,
        passphrase,
        ...(platformKey ? { expectedFingerprint: platformKey } : {}),
      });
      setPassphrase('');
      onUnlocked(unlocked);
    } catch (caught) {
      if (isCryptoError(caught) && caught.code === 'wrong_passphrase') setError(t('console.unlock.wrongPassphrase'));
      else if (isCryptoError(caught) && caught.code === 'agency_key_mismatch') setError(t('console.unlock.otherKey'));
      else if (isCryptoError(caught)) setError(t('console.unlock.invalidKey'));
      else setError(t('error.unexpected'));
      setBusy(false);
    }
  };

  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)}>
      <h1 tabIndex={-1} ref={heading}>
        {t('console.unlock.title')}
      </h1>
      <p>{t('console.unlock.explain')}</p>
      {platformKey && (
        <p>
          {t('console.unlock.platformKey')} <Fingerprint value={formatFingerprint(platformKey)} />
        </p>
      )}
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset disabled={busy}>
        <Field id="unlock-file" label={t('console.unlock.file')}>
          {(control) => (
            <input
              {...control}
              name="keyFile"
              type="file"
              accept=".asc,.gpg,.key,.txt,application/pgp-keys"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
        <Field id="unlock-passphrase" label={t('console.unlock.passphrase')}>
          {(control) => (
            <input
              {...control}
              name="passphrase"
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
