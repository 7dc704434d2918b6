import { useI18n } from '../i18n';
import { EvidenceReceiptView } from './EvidenceReceiptView';
import type { CustodyState } from './useCustody';

/** What the reviewer's own check of the decrypted file found, if the file was saved in this session. */
export type PlaintextCheck = { kind: 'unchecked' } | { kind: 'checked'; sha256: string; matches: boolean };

const minuteOf = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A file's chain of custody: who added it and in what hour, the ciphertext
 * hashes the platform signed, the plaintext hash the report gives and
 * whether the decrypted file matched it, and every reviewer who opened or
 * exported it (from the audit log).
 */
export function CustodyView({
  state,
  expectedSha256,
  check,
}: {
  state: CustodyState;
  expectedSha256: string;
  check: PlaintextCheck;
}) {
  const { t } = useI18n();
  return (
    <details className="custody" data-testid="custody" open>
      <summary>{t('console.custody.title')}</summary>
      {state.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {state.kind === 'failed' && <p className="field__error">{t('console.custody.failed')}</p>}
      {state.kind === 'ready' && (
        <>
          {state.receipt.kind === 'ready' && state.receipt.checked.opened.receipt && (
            <dl className="facts">
              <dt>{t('console.custody.addedBy')}</dt>
              <dd data-testid="custody-added-by">
                {t(`console.custody.by.${state.receipt.checked.opened.receipt.addedBy}`)}
              </dd>
              <dt>{t('console.custody.segments')}</dt>
              <dd>
                <ol className="hash-list" start={0} data-testid="custody-segments">
                  {state.receipt.checked.opened.receipt.segments.map((s) => (
                    <li key={s.index} className="hash">
                      {s.sha256} ({s.bytes} B)
                    </li>
                  ))}
                </ol>
              </dd>
            </dl>
          )}
          <EvidenceReceiptView state={state.receipt} />
          <dl className="facts">
            <dt>{t('console.custody.plaintext')}</dt>
            <dd className="hash">{expectedSha256}</dd>
            <dt>{t('console.custody.plaintextCheck')}</dt>
            <dd
              data-testid="custody-plaintext-check"
              data-result={check.kind === 'checked' ? String(check.matches) : 'unchecked'}
            >
              {check.kind === 'unchecked'
                ? t('console.custody.unchecked')
                : check.matches
                  ? t('console.custody.matches')
                  : t('console.custody.mismatch', { actual: check.sha256 })}
            </dd>
          </dl>
          <h3 className="custody__events-title">{t('console.custody.events')}</h3>
          {state.events.length === 0 ? (
            <p className="muted">{t('console.custody.noEvents')}</p>
          ) : (
            <ul data-testid="custody-events">
              {state.events.map((e, i) => (
                <li key={i} data-action={e.action}>
                  {minuteOf(e.at)} — {e.actor}:{' '}
                  {t(e.action === 'attachment.export' ? 'console.custody.exported' : 'console.custody.opened')}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </details>
  );
}
