import { useId, useState, type FormEvent } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import { Field } from '../shared/Field';
import type { ReportContent } from '../shared/report-content';
import { AGENCIES, MAX_TEXT_CHARS, REGIONS } from '../shared/report-fields';

type Agency = (typeof AGENCIES)[number];
type Region = (typeof REGIONS)[number];

export function ReportForm({ disabled, onSubmit }: { disabled: boolean; onSubmit(content: ReportContent): void }) {
  const { t } = useI18n();
  const id = useId();
  const [whatHappened, setWhatHappened] = useState('');
  const [agency, setAgency] = useState<Agency | ''>('');
  const [date, setDate] = useState('');
  const [region, setRegion] = useState<Region | ''>('');
  const [problems, setProblems] = useState<Partial<Record<'text' | 'agency' | 'date', MessageKey>>>({});
  const today = new Date().toISOString().slice(0, 10);
  const tooLong = whatHappened.length > MAX_TEXT_CHARS;

  /** A field's complaint goes as soon as the field is changed; the rest wait for the next send. */
  const changed = (field: keyof typeof problems) => setProblems(({ [field]: _gone, ...rest }) => rest);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof problems = {};
    if (!whatHappened.trim()) found.text = 'report.form.missingText';
    else if (tooLong) found.text = 'report.form.tooLong';
    if (!agency) found.agency = 'report.form.missingAgency';
    if (date > today) found.date = 'report.form.dateFuture';
    setProblems(found);
    const first = (['text', 'agency', 'date'] as const).find((field) => found[field]);
    if (first || !agency) {
      document.getElementById(`${id}-${first ?? 'agency'}`)?.focus();
      return;
    }
    onSubmit({ whatHappened: whatHappened.trim(), agency, date: date || null, region: region || null });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('report.form.title')}</h2>
      <fieldset disabled={disabled}>
        <Field
          id={`${id}-text`}
          label={t('report.form.whatHappened')}
          tag={t('common.required')}
          hint={t('report.form.whatHappenedHint')}
          footer={
            <span className={tooLong ? 'over-limit' : undefined}>
              {t('report.form.characters', { count: whatHappened.length, max: MAX_TEXT_CHARS })}
            </span>
          }
          error={problems.text && t(problems.text, { max: MAX_TEXT_CHARS })}
        >
          {(control) => (
            <textarea
              {...control}
              name="whatHappened"
              rows={8}
              value={whatHappened}
              onChange={(e) => {
                setWhatHappened(e.target.value);
                changed('text');
              }}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>

        <Field
          id={`${id}-agency`}
          label={t('report.form.agency')}
          tag={t('common.required')}
          error={problems.agency && t(problems.agency)}
        >
          {(control) => (
            <select
              {...control}
              name="agency"
              value={agency}
              onChange={(e) => setAgency(e.target.value as Agency | '')}
            >
              <option value="">{t('report.form.agencyChoose')}</option>
              {AGENCIES.map((code) => (
                <option key={code} value={code}>
                  {t(`agency.${code}`)}
                </option>
              ))}
            </select>
          )}
        </Field>

        <div className="field-row">
          <Field
            id={`${id}-date`}
            label={t('report.form.date')}
            tag={t('common.optional')}
            hint={t('report.form.dateHint')}
            error={problems.date && t(problems.date)}
          >
            {(control) => (
              <input
                {...control}
                name="date"
                type="date"
                value={date}
                min="1991-12-16"
                max={today}
                onChange={(e) => {
                  setDate(e.target.value);
                  changed('date');
                }}
              />
            )}
          </Field>
          <Field id={`${id}-region`} label={t('report.form.region')} tag={t('common.optional')}>
            {(control) => (
              <select
                {...control}
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
            )}
          </Field>
        </div>

        <button type="submit" className="button button--primary">
          {t('report.form.submit')}
        </button>
      </fieldset>
    </form>
  );
}
