import { useI18n } from '../i18n';
import { EvidenceReceiptView } from './EvidenceReceiptView';
import { useEvidenceReceipt } from './useEvidenceReceipt';

/**
 * After the report is sent: each file's evidence receipt, signed again with
 * the report's reference, to download beside the receipt code.
 */
export function EvidenceReceiptList({ files }: { files: { id: string; name: string }[] }) {
  const { t } = useI18n();
  if (files.length === 0) return null;
  return (
    <section className="card" aria-labelledby="evidence-receipts-title" data-testid="evidence-receipts">
      <h2 id="evidence-receipts-title">{t('evidenceReceipt.listTitle')}</h2>
      <p>{t('evidenceReceipt.listHelp')}</p>
      <ul className="file-list">
        {files.map((file) => (
          <li key={file.id} className="file" data-testid="evidence-receipt-item">
            <div className="file__head">
              <span className="file__name">{file.name}</span>
            </div>
            <SentReceipt id={file.id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function SentReceipt({ id }: { id: string }) {
  return <EvidenceReceiptView state={useEvidenceReceipt(id)} />;
}
