import { useEffect, useRef, useState } from 'react';

import { useI18n } from '../i18n';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { useLeaveWarning } from '../shared/useLeaveWarning';

/**
 * A neutral name: it says nothing of the platform or the report, and has no
 * date in it, so a downloads folder does not tell a searcher what it is.
 */
export const RECEIPT_FILE_NAME = 'receipt.txt';

/**
 * The receipt, shown once: copy it, save it as a text file, print it (the
 * print stylesheet prints this section alone). It stays on the page, and
 * leaving asks first, until the person confirms they have saved it.
 */
export function ReceiptView({ receipt, onAnother }: { receipt: string; onAnother(): void }) {
  const { t } = useI18n();
  // Where to come back: on paper or in a file, months later, this page is long gone. The page's own origin
  // (an onion address over Tor), so the printout names the address the person actually used.
  const returnHow = t('report.done.returnHow', { address: `${window.location.origin}/return/` });
  const [hidden, setHidden] = useState(false);
  const [saved, setSaved] = useState(false);
  const [mustConfirm, setMustConfirm] = useState(false);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const heading = useRef<HTMLHeadingElement>(null);
  const code = useRef<HTMLParagraphElement>(null);
  const confirm = useRef<HTMLInputElement>(null);
  // Screen-reader and keyboard users land on the receipt, the one thing they must not miss.
  useEffect(() => heading.current?.focus(), []);
  useLeaveWarning(!hidden);

  if (hidden) return <ReceiptHidden onAnother={onAnother} returnHow={returnHow} />;

  const selectCode = () => {
    const selection = window.getSelection();
    if (!selection || !code.current) return;
    selection.selectAllChildren(code.current);
  };

  const copyReceipt = () => {
    if (!navigator.clipboard) {
      selectCode();
      setCopy('failed');
      return;
    }
    navigator.clipboard.writeText(receipt).then(
      () => setCopy('copied'),
      () => {
        selectCode();
        setCopy('failed');
      },
    );
  };

  const download = () => {
    const text = [t('report.done.fileTitle'), '', receipt, '', t('report.done.receiptHelp'), '', returnHow, ''].join(
      '\r\n',
    );
    // A byte-order mark, so that older text editors read the Cyrillic and Kazakh letters as UTF-8.
    const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = RECEIPT_FILE_NAME;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the file by the next task; the text should not stay in memory longer.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const hide = () => {
    if (!saved) {
      setMustConfirm(true);
      confirm.current?.focus();
      return;
    }
    setHidden(true);
  };

  return (
    <section className="card receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title" tabIndex={-1} ref={heading}>
        {t('report.done.title')}
      </h2>
      <p className="receipt__label" id="receipt-label">
        {t('report.done.receiptLabel')}
      </p>
      <p className="receipt__code" data-testid="receipt" ref={code} aria-labelledby="receipt-label">
        {receipt}
      </p>
      <p>{t('report.done.receiptHelp')}</p>
      <p className="receipt__return">{returnHow}</p>
      <div className="button-row no-print">
        <button type="button" className="button" onClick={copyReceipt}>
          {copy === 'copied' ? t('report.done.copied') : t('report.done.copy')}
        </button>
        <button type="button" className="button" onClick={download}>
          {t('report.done.download')}
        </button>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('report.done.print')}
        </button>
      </div>
      <p className="receipt__status no-print" role="status">
        {copy === 'failed' ? t('report.done.copyFailed') : ''}
      </p>
      <div className="receipt__confirm no-print">
        {mustConfirm && !saved && (
          <p className="field__error" id="receipt-confirm-error">
            {t('report.done.confirmMissing')}
          </p>
        )}
        <div className="choice">
          <input
            id="receipt-confirm"
            type="checkbox"
            ref={confirm}
            checked={saved}
            aria-invalid={mustConfirm && !saved ? true : undefined}
            aria-describedby={mustConfirm && !saved ? 'receipt-confirm-error' : undefined}
            onChange={(e) => setSaved(e.target.checked)}
          />
          <label htmlFor="receipt-confirm">{t('report.done.confirm')}</label>
        </div>
        <button type="button" className="button button--primary" onClick={hide}>
          {t('report.done.hide')}
        </button>
      </div>
    </section>
  );
}

function ReceiptHidden({ onAnother, returnHow }: { onAnother(): void; returnHow: string }) {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card" aria-labelledby="receipt-hidden-title">
      <h2 id="receipt-hidden-title" tabIndex={-1} ref={heading}>
        {t('report.done.title')}
      </h2>
      <p>{t('report.done.closed')}</p>
      <p className="receipt__return">{returnHow}</p>
      <button type="button" className="button" onClick={onAnother}>
        {t('report.done.another')}
      </button>
    </section>
  );
}
