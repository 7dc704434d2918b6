import { useCallback, useEffect, useState, type FormEvent } from 'react';

import { useI18n } from '../../i18n';
import { formatFingerprint } from '../../shared/crypto';
import { Alert } from '../../shared/Layout';
import { ConfirmDialog } from './ConfirmDialog';
import {
  addDestinationKey,
  listDestinationKeys,
  removeDestinationKey,
  type DestinationKey,
} from '../referral/referralApi';

/**
 * The administrator's list of destination keys: the OpenPGP public key of
 * each body referrals are exported to. The server checks a key strictly and
 * shows its fingerprint, to be compared with the one the receiving body
 * confirms by another channel.
 */
export function DestinationKeysPanel({ token, onError }: { token: string; onError(error: unknown): string | null }) {
  const { t, formatExact } = useI18n();
  const [keys, setKeys] = useState<DestinationKey[] | null>(null);
  const [name, setName] = useState('');
  const [armored, setArmored] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<DestinationKey | null>(null);
  // Removing stops every further export to that body: asked first, like the other destructive actions.
  const [removing, setRemoving] = useState<DestinationKey | null>(null);

  const reload = useCallback(() => {
    listDestinationKeys(token)
      .then(({ destinationKeys }) => setKeys(destinationKeys))
      .catch((caught: unknown) => setError(onError(caught)));
  }, [token, onError]);
  useEffect(reload, [reload]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setAdded(null);
    try {
      setAdded(await addDestinationKey(token, { name, armoredPublicKey: armored }));
      setName('');
      setArmored('');
      reload();
    } catch (caught) {
      setError(onError(caught));
    }
  };

  const readFile = async (file: File | undefined) => {
    if (file) setArmored(await file.text());
  };

  return (
    <section className="card" aria-labelledby="destinations-title" data-testid="destination-keys">
      <h1 id="destinations-title">{t('console.destinations.title')}</h1>
      <p className="muted">{t('console.destinations.explain')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {added && (
        <Alert kind="success">
          {t('console.destinations.added', { name: added.name })} <code>{formatFingerprint(added.fingerprint)}</code>
        </Alert>
      )}
      {keys && keys.length === 0 && <p>{t('console.destinations.none')}</p>}
      {keys && keys.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('console.destinations.name')}</th>
                <th scope="col">{t('console.destinations.fingerprint')}</th>
                <th scope="col">{t('console.destinations.addedBy')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('console.destinations.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.fingerprint} data-testid="destination-key">
                  <td>
                    {key.name}
                    {key.userId && <div className="muted">{key.userId}</div>}
                  </td>
                  <td className="table__fingerprint">
                    <code>{formatFingerprint(key.fingerprint)}</code>
                  </td>
                  <td>
                    {key.createdBy}, {formatExact(key.createdAt)}
                  </td>
                  <td>
                    <button type="button" className="button button--small" onClick={() => setRemoving(key)}>
                      {t('console.destinations.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={t('console.destinations.confirmRemove.title', { name: removing.name })}
          confirmLabel={t('console.destinations.remove')}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const { fingerprint } = removing;
            setRemoving(null);
            void removeDestinationKey(token, fingerprint)
              .then(reload)
              .catch((caught: unknown) => setError(onError(caught)));
          }}
        >
          <p>{t('console.destinations.confirmRemove.body', { name: removing.name })}</p>
          <p>
            <code>{formatFingerprint(removing.fingerprint)}</code>
          </p>
        </ConfirmDialog>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <h2>{t('console.destinations.addTitle')}</h2>
        <div className="field">
          <label htmlFor="destination-name">{t('console.destinations.name')}</label>
          <input id="destination-name" value={name} required onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="destination-file">{t('console.destinations.file')}</label>
          <input
            id="destination-file"
            type="file"
            accept=".asc,.pub,.gpg,.txt"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </div>
        <div className="field">
          <label htmlFor="destination-key">{t('console.destinations.key')}</label>
          <textarea
            id="destination-key"
            rows={6}
            required
            spellCheck={false}
            value={armored}
            onChange={(e) => setArmored(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('console.destinations.add')}
        </button>
      </form>
    </section>
  );
}
