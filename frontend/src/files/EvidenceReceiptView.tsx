import { useI18n } from '../i18n';
import { downloadText, receiptFiles } from './evidenceReceipt';
import type { ReceiptState } from './useEvidenceReceipt';

/** When a receipt says the file was received: the hour, in UTC (the receipt holds nothing finer). */
const hourOf = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A file's evidence receipt: whether its signature checked out against the
 * published platform key, what it states, and the two files to download.
 */
export function EvidenceReceiptView({ state }: { state: ReceiptState }) {
  const { t } = useI18n();
  if (state.kind === 'loading') return <p className="muted">{t('evidenceReceipt.loading')}</p>;
  if (state.kind === 'none') return <p className="muted">{t('evidenceReceipt.none')}</p>;
  if (state.kind === 'failed') return <p className="field__error">{t('evidenceReceipt.failed')}</p>;
  const { served, opened } = state.checked;
  const receipt = opened.receipt;
  return (
    <div className="evidence-receipt" data-testid="evidence-receipt" data-verified={String(opened.verified)}>
      {opened.verified ? (
        <p className="file__done" data-testid="evidence-receipt-status">
          {t('evidenceReceipt.verified', { fingerprint: state.fingerprint })}
        </p>
      ) : (
        <p className="field__error" role="alert" data-testid="evidence-receipt-status">
          {t('evidenceReceipt.notVerified')}
        </p>
      )}
      {receipt && (
        <dl className="facts">
          <dt>{t('evidenceReceipt.receivedAt')}</dt>
          <dd data-testid="evidence-receipt-hour">{hourOf(receipt.receivedAt)}</dd>
          <dt>{t('evidenceReceipt.ciphertext')}</dt>
          <dd className="hash" data-testid="evidence-receipt-sha256">
            {receipt.ciphertext.sha256}
          </dd>
        </dl>
      )}
      <div className="button-row">
        {receiptFiles(served).map((file, index) => (
          <button
            key={file.name}
            type="button"
            className="button button--small"
            onClick={() => downloadText(file.name, file.text, file.type)}
          >
            {t(index === 0 ? 'evidenceReceipt.download' : 'evidenceReceipt.downloadSignature')}
          </button>
        ))}
      </div>
      <p className="muted">{t('evidenceReceipt.help')}</p>
    </div>
  );
}
