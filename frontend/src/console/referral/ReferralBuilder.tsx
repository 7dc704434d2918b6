import { useEffect, useState, type ReactNode } from 'react';

import { useI18n, type MessageKey } from '../../i18n';
import { loadConsoleMessages } from '../messages';
import { createTranslator } from '../../i18n/translate';
import { formatBytes } from '../../files/formatBytes';
import { Alert } from '../../shared/Layout';
import type { ReportV2 } from '../../shared/report-v2';
import { downloadBytes } from './blobSink';
import { draftFromReport } from './prefill';
import { documentName } from './referralActions';
import {
  ARTICLES,
  DECISIONS,
  DOCUMENT_LANGUAGES,
  ELEMENTS,
  FINDINGS,
  type DocumentLanguage,
  type Referral,
} from './referral-model';
import type { ReferralActions } from './useReferralActions';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The referral builder: every element of an Article 412-1 referral,
 * prefilled from the decrypted report in the document's language, edited by
 * the reviewer, previewed or downloaded as PDF, and saved encrypted.
 */
export function ReferralBuilder({
  report,
  receivedAt,
  actions,
  onSave,
  onCancel,
  onError,
}: {
  report: ReportV2;
  receivedAt: string;
  actions: ReferralActions;
  onSave(referral: Referral): Promise<void>;
  onCancel(): void;
  onError(error: unknown): string | null;
}) {
  const { t, lang: uiLang } = useI18n();
  const [referral, setReferral] = useState<Referral | null>(null);
  const [docLang, setDocLang] = useState<DocumentLanguage>(uiLang === 'en' ? 'ru' : uiLang);
  const [busy, setBusy] = useState<'pdf' | 'preview' | 'save' | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);

  // A new draft whenever the document's language changes: the prefilled words are that language's.
  useEffect(() => {
    let live = true;
    void loadConsoleMessages(docLang).then((messages) => {
      if (!live) return;
      setReferral(
        draftFromReport({ report, receivedAt, lang: docLang, t: createTranslator(docLang, messages), today: today() }),
      );
    });
    return () => {
      live = false;
    };
  }, [docLang, report, receivedAt]);

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  if (!referral) return <p role="status">{t('console.referral.preparing')}</p>;
  const set = <K extends keyof Referral>(key: K, value: Referral[K]) => setReferral({ ...referral, [key]: value });

  const text = (key: keyof Referral & string, rows = 0) => (
    <div className="field">
      <label htmlFor={`referral-${key}`}>{t(`console.referral.field.${key}` as MessageKey)}</label>
      {rows > 0 ? (
        <textarea
          id={`referral-${key}`}
          rows={rows}
          value={referral[key] as string}
          onChange={(e) => set(key, e.target.value as never)}
        />
      ) : (
        <input
          id={`referral-${key}`}
          type={key === 'outgoingDate' ? 'date' : 'text'}
          value={referral[key] as string}
          onChange={(e) => set(key, e.target.value as never)}
        />
      )}
    </div>
  );

  const pdf = async (show: 'pdf' | 'preview') => {
    setBusy(show);
    setNotice(null);
    try {
      const rendered = await actions.pdf(referral);
      if (rendered.missingGlyphs > 0) {
        setNotice({ kind: 'info', text: t('console.referral.missingGlyphs', { count: rendered.missingGlyphs }) });
      }
      if (show === 'pdf') downloadBytes([rendered.pdf.slice()], `${documentName(referral)}.pdf`, 'application/pdf');
      else setPreview(URL.createObjectURL(new Blob([rendered.pdf.slice()], { type: 'application/pdf' })));
    } catch (error) {
      setNotice({ kind: 'error', text: onError(error) ?? t('console.referral.pdfFailed') });
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    setBusy('save');
    setNotice(null);
    try {
      await onSave(referral);
    } catch (error) {
      setNotice({ kind: 'error', text: onError(error) ?? t('console.referral.saveFailed') });
      setBusy(null);
    }
  };

  return (
    <section className="card card--quiet" aria-labelledby="referral-builder-title" data-testid="referral-builder">
      <h2 id="referral-builder-title">{t('console.referral.builderTitle')}</h2>
      <p className="muted">{t('console.referral.builderExplain')}</p>
      <div className="field">
        <label htmlFor="referral-language">{t('console.referral.field.language')}</label>
        <select id="referral-language" value={docLang} onChange={(e) => setDocLang(e.target.value as DocumentLanguage)}>
          {DOCUMENT_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {t(`console.referral.language.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <Group title={t('console.referral.group.heading')}>
        {text('confidentiality')}
        {text('addressee')}
        {text('sendingAgency')}
        {text('outgoingNumber')}
        {text('outgoingDate')}
      </Group>
      <Group title={t('console.referral.field.articles')}>
        {ARTICLES.map((article) => (
          <div className="choice" key={article}>
            <input
              type="checkbox"
              id={`referral-article-${article}`}
              checked={referral.articles.includes(article)}
              disabled={article === '412-1'}
              onChange={(e) =>
                set(
                  'articles',
                  ARTICLES.filter((a) => (a === article ? e.target.checked : referral.articles.includes(a))),
                )
              }
            />
            <label htmlFor={`referral-article-${article}`}>{t(`console.referral.article.${article}`)}</label>
          </div>
        ))}
      </Group>
      <Group title={t('console.referral.group.facts')}>
        {text('facts', 8)}
        {text('officers', 4)}
        {text('pushedToward', 2)}
        {text('followed', 3)}
        {text('caseNumber')}
        {text('motive', 2)}
      </Group>
      <Group title={t('console.referral.group.people')}>
        <div className="choice">
          <input
            type="checkbox"
            id="referral-identified"
            checked={referral.reporter.identified}
            onChange={(e) => set('reporter', { ...referral.reporter, identified: e.target.checked })}
          />
          <label htmlFor="referral-identified">{t('console.referral.reporterIdentified')}</label>
        </div>
        {referral.reporter.identified && (
          <>
            <div className="choice">
              <input
                type="checkbox"
                id="referral-consent"
                checked={referral.reporter.consent}
                onChange={(e) => set('reporter', { ...referral.reporter, consent: e.target.checked })}
              />
              <label htmlFor="referral-consent">{t('console.referral.reporterConsent')}</label>
            </div>
            <div className="field">
              <label htmlFor="referral-reporter-name">{t('console.referral.reporterName')}</label>
              <input
                id="referral-reporter-name"
                value={referral.reporter.name}
                onChange={(e) => set('reporter', { ...referral.reporter, name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="referral-reporter-contact">{t('console.referral.reporterContact')}</label>
              <input
                id="referral-reporter-contact"
                value={referral.reporter.contact}
                onChange={(e) => set('reporter', { ...referral.reporter, contact: e.target.value })}
              />
            </div>
          </>
        )}
        {text('lawyer')}
        {text('witnesses', 3)}
      </Group>
      <Group title={t('console.referral.group.evidence')}>
        {referral.evidence.length === 0 && <p className="muted">{t('console.referral.noEvidence')}</p>}
        <ul className="referral-evidence">
          {referral.evidence.map((item, i) => (
            <li key={item.sha256 + i} data-testid="referral-evidence">
              <div className="choice">
                <input
                  type="checkbox"
                  id={`referral-evidence-${i}`}
                  checked={item.include}
                  onChange={(e) =>
                    set(
                      'evidence',
                      referral.evidence.map((it, j) => (j === i ? { ...it, include: e.target.checked } : it)),
                    )
                  }
                />
                <label htmlFor={`referral-evidence-${i}`}>
                  {item.name} ({formatBytes(item.size, uiLang)})
                </label>
              </div>
              <code className="hash">{item.sha256}</code>
              <input
                aria-label={t('console.referral.evidenceSource', { name: item.name })}
                value={item.source}
                onChange={(e) =>
                  set(
                    'evidence',
                    referral.evidence.map((it, j) => (j === i ? { ...it, source: e.target.value } : it)),
                  )
                }
              />
            </li>
          ))}
        </ul>
      </Group>
      <Group title={t('console.referral.group.assessment')}>
        {ELEMENTS.map((element) => (
          <div className="field" key={element}>
            <label htmlFor={`referral-finding-${element}`}>{t(`console.referral.element.${element}`)}</label>
            <select
              id={`referral-finding-${element}`}
              value={referral.assessment[element].finding}
              onChange={(e) =>
                set('assessment', {
                  ...referral.assessment,
                  [element]: { ...referral.assessment[element], finding: e.target.value },
                })
              }
            >
              {FINDINGS.map((finding) => (
                <option key={finding} value={finding}>
                  {t(`console.referral.finding.${finding}`)}
                </option>
              ))}
            </select>
            <input
              aria-label={t('console.referral.elementNote', { element: t(`console.referral.element.${element}`) })}
              value={referral.assessment[element].note}
              onChange={(e) =>
                set('assessment', {
                  ...referral.assessment,
                  [element]: { ...referral.assessment[element], note: e.target.value },
                })
              }
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor="referral-decision">{t('console.referral.decision')}</label>
          <select
            id="referral-decision"
            value={referral.decision.kind}
            onChange={(e) =>
              set('decision', { ...referral.decision, kind: e.target.value as Referral['decision']['kind'] })
            }
          >
            {DECISIONS.map((decision) => (
              <option key={decision} value={decision}>
                {t(`console.referral.decision.${decision}`)}
              </option>
            ))}
          </select>
          <p className="field__hint">{t('console.referral.decisionHint')}</p>
        </div>
        <div className="field">
          <label htmlFor="referral-decision-reason">{t('console.referral.decisionReason')}</label>
          <textarea
            id="referral-decision-reason"
            rows={2}
            value={referral.decision.reason}
            onChange={(e) => set('decision', { ...referral.decision, reason: e.target.value })}
          />
        </div>
      </Group>
      <Group title={t('console.referral.group.closing')}>
        {text('request', 3)}
        {text('signatory')}
      </Group>
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <div className="button-row">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void pdf('preview')}>
          {t('console.referral.preview')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void pdf('pdf')}>
          {t('console.referral.downloadPdf')}
        </button>
        <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void save()}>
          {busy === 'save' ? t('console.referral.saving') : t('console.referral.save')}
        </button>
        <button type="button" className="button button--link" onClick={onCancel}>
          {t('console.referral.cancel')}
        </button>
      </div>
      {busy === 'pdf' || busy === 'preview' ? (
        <p role="status" className="progress">
          <span className="spinner" aria-hidden="true" />
          {t('console.referral.makingPdf')}
        </p>
      ) : null}
      {preview && (
        <iframe
          className="preview-frame referral-preview"
          title={t('console.referral.previewTitle')}
          src={preview}
          data-testid="referral-preview"
        />
      )}
    </section>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="referral-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
