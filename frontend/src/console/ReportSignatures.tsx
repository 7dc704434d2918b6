import { useState, type FormEvent, type ReactNode } from 'react';

import type { SignatureCheck } from '../../../crypto/src/report-signature';
import { useI18n } from '../i18n';
import { formatFingerprint } from '../shared/crypto';
import { Alert } from '../shared/Layout';

/**
 * What each signature inside a report says (gpg users may sign what they
 * send): verified and by which key, made by a key this console does not hold
 * (with a place to paste that key), or not verifying. A signature that fails
 * is said plainly; nothing here hides the report. Unsigned reports show none of this.
 */
export function ReportSignatures({
  signatures,
  onAddKey,
}: {
  signatures: SignatureCheck[];
  /** Checks again with a pasted public key; resolves to an error to show, or null. */
  onAddKey(armoredPublicKey: string): Promise<string | null>;
}) {
  const { t } = useI18n();
  const unknown = signatures.some((s) => s.status === 'unknown_key');
  return (
    <section aria-labelledby="signature-title" data-testid="report-signatures">
      <h2 id="signature-title">{t('console.signature.title')}</h2>
      {signatures.map((signature, i) => (
        <OneSignature key={`${signature.keyId}-${i}`} signature={signature} />
      ))}
      {unknown && <SignerKeyForm onAddKey={onAddKey} />}
    </section>
  );
}

function OneSignature({ signature }: { signature: SignatureCheck }) {
  const { t } = useI18n();
  const rows: [label: string, value: ReactNode, key: string][] = [];
  if (signature.fingerprint) {
    const label = signature.status === 'unknown_key' ? 'console.signature.issuer' : 'console.signature.fingerprint';
    rows.push([
      t(label),
      <code className="fingerprint" data-testid="signer-fingerprint">
        {formatFingerprint(signature.fingerprint)}
      </code>,
      'fingerprint',
    ]);
  }
  rows.push([
    t('console.signature.keyId'),
    <code data-testid="signer-key-id">{signature.keyId.toUpperCase()}</code>,
    'id',
  ]);
  if (signature.status !== 'unknown_key') {
    for (const userId of signature.userIds) {
      rows.push([t('console.signature.userId'), <span data-testid="signer-user-id">{userId}</span>, `uid-${userId}`]);
    }
  }
  const keyFacts = (
    <dl className="facts facts--rows">
      {rows.map(([label, value, key]) => (
        <div key={key} className="facts__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
  if (signature.status === 'verified') {
    return (
      <div data-testid="signature" data-status="verified">
        <Alert kind="success" title={t('console.signature.verified')}>
          <p className="alert__text">{t('console.signature.verifiedExplain')}</p>
        </Alert>
        {keyFacts}
      </div>
    );
  }
  if (signature.status === 'invalid') {
    return (
      <div data-testid="signature" data-status="invalid">
        <Alert kind="error" title={t('console.signature.invalid')}>
          <p className="alert__text">{t('console.signature.invalidExplain')}</p>
        </Alert>
        {keyFacts}
      </div>
    );
  }
  return (
    <div data-testid="signature" data-status="unknown_key">
      <Alert kind="info" title={t('console.signature.unknownKey')}>
        <p className="alert__text">{t('console.signature.unknownKeyExplain')}</p>
      </Alert>
      {keyFacts}
    </div>
  );
}

function SignerKeyForm({ onAddKey }: { onAddKey(armoredPublicKey: string): Promise<string | null> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(await onAddKey(text));
    setBusy(false);
  };

  return (
    <form className="triage-form" onSubmit={(event) => void submit(event)} aria-label={t('console.signature.check')}>
      <label>
        {t('console.signature.pasteLabel')}
        <textarea
          name="signer-key"
          value={text}
          rows={6}
          spellCheck={false}
          aria-describedby="signer-key-hint"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <p className="muted" id="signer-key-hint">
        {t('console.signature.pasteHint')}
      </p>
      {error && <Alert kind="error">{error}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {t('console.signature.check')}
      </button>
    </form>
  );
}
