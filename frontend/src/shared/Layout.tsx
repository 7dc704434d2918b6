import type { ReactNode } from 'react';

import { LANGUAGES, useI18n } from '../i18n';

export function Layout({ subtitle, children, aside }: { subtitle: string; children: ReactNode; aside?: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <>
      <header className="site-header">
        <div className="site-header__inner">
          <div>
            <div className="brand">{t('app.name')}</div>
            <div className="brand__subtitle">{subtitle}</div>
          </div>
          <nav className="languages" aria-label={t('lang.label')}>
            {LANGUAGES.map(({ code, name }) => (
              <button
                key={code}
                type="button"
                lang={code}
                className="languages__button"
                aria-pressed={lang === code}
                onClick={() => setLang(code)}
              >
                {name}
              </button>
            ))}
          </nav>
        </div>
        {aside}
      </header>
      <main className="page">{children}</main>
    </>
  );
}

export function Alert({
  kind,
  title,
  children,
}: {
  kind: 'error' | 'info' | 'success';
  title?: string;
  children: ReactNode;
}) {
  return (
    <div className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title && <strong className="alert__title">{title}</strong>}
      <div>{children}</div>
    </div>
  );
}

export function Fingerprint({ value }: { value: string }) {
  return (
    <code className="fingerprint" data-testid="fingerprint">
      {value}
    </code>
  );
}
