import { useId, useState, type FormEvent } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import { AGENCIES, MAX_TEXT_CHARS, REGIONS, type ReportContent } from '../shared/report-content';

type Agency = (typeof AGENCIES)[number];
type Region = (typeof REGIONS)[number];

export function ReportForm({ disabled, onSubmit }: { disabled: boolean; onSubmit(content: ReportContent): void }) {
  const { t } = useI18n();
  const id = useId();
  const [whatHappened, setWhatHappened] = useState('');
  const [agency, setAgency] = useState<Agency | ''>('');
  const [date, setDate] = useState('');
  const [region, setRegion] = useState<Region | ''>('');
  const [problems, setProblems] = useState<Partial<Record<'text' | 'agency', MessageKey>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof problems = {};
    if (!whatHappened.trim()) found.text = 'report.form.missingText';
    else if (whatHappened.length > MAX_TEXT_CHARS) found.text = 'report.form.tooLong';
    if (!agency) found.agency = 'report.form.missingAgency';
    setProblems(found);
    if (found.text || found.agency || !agency) {
      document.getElementById(found.text ? `${id}-text` : `${id}-agency`)?.focus();
      return;
    }
    onSubmit({ whatHappened: whatHappened.trim(), agency, date: date || null, region: region || null });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('report.form.title')}</h2>
      <fieldset disabled={disabled}>
        <div className="field">
          <label htmlFor={`${id}-text`}>
            {t('report.form.whatHappened')} <span className="field__tag">({t('common.required')})</span>
          </label>
          <p className="field__hint" id={`${id}-text-hint`}>
            {t('report.form.whatHappenedHint')}
          </p>
          <textarea
            id={`${id}-text`}
            name="whatHappened"
            rows={8}
            value={whatHappened}
            onChange={(e) => setWhatHappened(e.target.value)}
            aria-invalid={problems.text ? true : undefined}
            aria-describedby={`${id}-text-hint ${id}-text-count${problems.text ? ` ${id}-text-error` : ''}`}
            autoComplete="off"
            spellCheck={false}
          />
          <p className="field__count" id={`${id}-text-count`}>
            {t('report.form.characters', { count: whatHappened.length, max: MAX_TEXT_CHARS })}
          </p>
          {problems.text && (
            <p className="field__error" id={`${id}-text-error`}>
              {t(problems.text, { max: MAX_TEXT_CHARS })}
            </p>
          )}
        </div>

        <div className="field">
          <label htmlFor={`${id}-agency`}>
            {t('report.form.agency')} <span className="field__tag">({t('common.required')})</span>
          </label>
          <select
            id={`${id}-agency`}
            name="agency"
            value={agency}
            onChange={(e) => setAgency(e.target.value as Agency | '')}
            aria-invalid={problems.agency ? true : undefined}
            aria-describedby={problems.agency ? `${id}-agency-error` : undefined}
          >
            <option value="">{t('report.form.agencyChoose')}</option>
            {AGENCIES.map((code) => (
              <option key={code} value={code}>
                {t(`agency.${code}`)}
              </option>
            ))}
          </select>
          {problems.agency && (
            <p className="field__error" id={`${id}-agency-error`}>
              {t(problems.agency)}
            </p>
          )}
        </div>

        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-date`}>
              {t('report.form.date')} <span className="field__tag">({t('common.optional')})</span>
            </label>
            <p className="field__hint" id={`${id}-date-hint`}>
              {t('report.form.dateHint')}
            </p>
            <input
              id={`${id}-date`}
              name="date"
              type="date"
              value={date}
              max="2100-12-31"
              onChange={(e) => setDate(e.target.value)}
              aria-describedby={`${id}-date-hint`}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-region`}>
              {t('report.form.region')} <span className="field__tag">({t('common.optional')})</span>
            </label>
            <select
              id={`${id}-region`}
              name="region"
              value={region}
              onChange={(e) => setRegion(e.target.value as Region | '')}
            >
              <option value="">{t('report.form.regionChoose')}</option>
              {REGIONS.map((code) => (
                <option key={code} value={code}>
                  {t(`region.${code}`)}
                </option>
              ))}
            </select>
          </div>
        </div>

        <button type="submit" className="button button--primary">
          {t('report.form.submit')}
        </button>
      </fieldset>
    </form>
  );
}
