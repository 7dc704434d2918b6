import { useState } from 'react';

import { useI18n } from '../i18n';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';

/** The recovery codes, shown once after enrollment; the reviewer confirms they kept them before going on. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(false);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card narrow" aria-labelledby="recovery-title">
      <h1 id="recovery-title" tabIndex={-1} ref={heading}>
        {t('console.recovery.title')}
      </h1>
      <Alert kind="info">{t('console.recovery.explain', { count: codes.length })}</Alert>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="choice">
        <input id="recovery-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor="recovery-saved">{t('console.recovery.saved')}</label>
      </div>
      <button type="button" className="button button--primary" disabled={!saved} onClick={onDone}>
        {t('console.recovery.continue')}
      </button>
    </section>
  );
}
