import { useCallback, useEffect, useState } from 'react';

import type { KeyRef } from '../../../../crypto/src/types';
import { useI18n } from '../../i18n';
import { formatFingerprint, startCrypto } from '../../shared/crypto';
import { Alert, Fingerprint } from '../../shared/Layout';
import { UnlockKey } from '../UnlockKey';
import { listReviewerKeys, postCertification, type ReviewerKeyRow } from './adminApi';
import { certifyKey } from './certifyKey';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * The administrator certifies reviewer keys with the agency key: reporters'
 * browsers encrypt to a reviewer key only if it carries this certification.
 * Compare each fingerprint with the one on the reviewer's own screen first.
 */
export function CertifyKeys({ token, onError }: { token: string; onError(error: unknown): string | null }) {
  const { t, formatExact } = useI18n();
  const [rows, setRows] = useState<ReviewerKeyRow[] | null>(null);
  const [agencyKey, setAgencyKey] = useState<KeyRef | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** Certifying is asked once more, with the fingerprint to compare: it decides who can read new reports. */
  const [confirming, setConfirming] = useState<ReviewerKeyRow | null>(null);

  const load = useCallback(() => {
    listReviewerKeys(token)
      .then(({ keys }) => setRows(keys))
      .catch((caught: unknown) => setError(onError(caught)));
  }, [token, onError]);
  useEffect(load, [load]);

  const certify = async (row: ReviewerKeyRow) => {
    if (!agencyKey) return;
    setBusy(row.username);
    setError(null);
    setDone(null);
    try {
      await certifyKey(row, agencyKey, {
        certifyReviewerKey: startCrypto().certifyReviewerKey,
        postCertification: (username, body) => postCertification(token, username, body),
      });
      setDone(t('console.keys.certifiedDone', { username: row.username }));
      load();
    } catch (caught) {
      setError(onError(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="certify-keys-title">
      <h2 id="certify-keys-title">{t('console.keys.title')}</h2>
      <p>{t('console.keys.explain')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {done && <Alert kind="info">{done}</Alert>}
      {rows && rows.length === 0 && <p>{t('console.keys.none')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('console.keys.reviewer')}</th>
                <th scope="col">{t('console.keys.fingerprint')}</th>
                <th scope="col">{t('console.keys.state')}</th>
                <th scope="col">{t('console.keys.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.username} data-reviewer={row.username}>
                  <td>{row.username}</td>
                  <td className="table__fingerprint">
                    <Fingerprint value={formatFingerprint(row.fingerprint)} />
                  </td>
                  <td>
                    {!row.active
                      ? t('console.keys.disabled')
                      : row.certified
                        ? t('console.keys.certifiedAt', { at: formatExact(new Date(row.certifiedAt!)) })
                        : t('console.keys.notCertified')}
                  </td>
                  <td>
                    {agencyKey && row.active && !row.certified && (
                      <button
                        type="button"
                        className="button button--small"
                        disabled={busy !== null}
                        onClick={() => setConfirming(row)}
                      >
                        {busy === row.username
                          ? t('console.keys.certifying')
                          : t('console.keys.certify', { username: row.username })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('console.keys.confirm.title', { username: confirming.username })}
          confirmLabel={t('console.keys.confirm.yes')}
          onConfirm={() => {
            const row = confirming;
            setConfirming(null);
            void certify(row);
          }}
          onCancel={() => setConfirming(null)}
        >
          <p>{t('console.keys.confirm.compare', { username: confirming.username })}</p>
          <Fingerprint value={formatFingerprint(confirming.fingerprint)} />
          <p>{t('console.keys.confirm.effect')}</p>
        </ConfirmDialog>
      )}
      {!agencyKey && rows?.some((r) => r.active && !r.certified) && (
        <UnlockKey onUnlocked={({ keyRef }) => setAgencyKey(keyRef)} />
      )}
    </section>
  );
}
