import { useEffect, useRef, useState } from 'react';

import { useI18n } from '../i18n';

export function ReceiptView({ receipt, onAnother }: { receipt: string; onAnother(): void }) {
  const { t } = useI18n();
  const [hidden, setHidden] = useState(false);
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Screen-reader and keyboard users land on the receipt, the one thing they must not miss.
  useEffect(() => heading.current?.focus(), []);

  if (hidden) {
    return (
      <section className="card" aria-live="polite">
        <h2>{t('report.done.title')}</h2>
        <p>{t('report.done.closed')}</p>
        <button type="button" className="button" onClick={onAnother}>
          {t('report.done.another')}
        </button>
      </section>
    );
  }

  const copy = () => {
    navigator.clipboard
      ?.writeText(receipt)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  };

  return (
    <section className="card receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title" tabIndex={-1} ref={heading}>
        {t('report.done.title')}
      </h2>
      <p className="receipt__label">{t('report.done.receiptLabel')}</p>
      <p className="receipt__code" data-testid="receipt">
        {receipt}
      </p>
      <p>{t('report.done.receiptHelp')}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={copy}>
          {copied ? t('report.done.copied') : t('report.done.copy')}
        </button>
        <button type="button" className="button button--primary" onClick={() => setHidden(true)}>
          {t('report.done.saved')}
        </button>
      </div>
    </section>
  );
}
