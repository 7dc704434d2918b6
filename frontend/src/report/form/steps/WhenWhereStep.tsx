import { useContext, type SyntheticEvent } from 'react';

import { useI18n } from '../../../i18n';
import { Field } from '../../../shared/Field';
import { EARLIEST_DATE, REGIONS } from '../../../shared/report-fields';
import { Checkbox, FieldErrorsContext, optionLabel, Select, TextInput } from '../controls';
import { fieldId } from '../rules';
import type { StepProps } from './types';

/** When (a day, exact or approximate, and a time or period) and where (region, district or town, place). */
export function WhenWhereStep({ draft, update, today }: StepProps & { today: string }) {
  const { t } = useI18n();
  const { errorOf, edited } = useContext(FieldErrorsContext);
  const { when, where } = draft;
  const dateId = fieldId('when', 'date');
  // A partly typed date reads as '' with badInput set: keep that apart from "no date". Typing part of a
  // date into an empty field changes no value, so the browser fires no change event: keys and leaving the
  // field are read too, or the half-typed day would be dropped without a word.
  const readDate = ({ currentTarget: input }: SyntheticEvent<HTMLInputElement>) => {
    const incomplete = input.validity.badInput;
    if (input.value === when.date && incomplete === when.dateIncomplete) return;
    update('when', { date: input.value, dateIncomplete: incomplete });
    edited(dateId);
  };
  return (
    <>
      <Field
        id={dateId}
        label={t('report.when.date')}
        tag={t('common.optional')}
        hint={t('report.when.dateHint')}
        error={errorOf(dateId)}
      >
        {(control) => (
          <input
            {...control}
            type="date"
            autoComplete="off"
            min={EARLIEST_DATE}
            max={today}
            value={when.date}
            onChange={readDate}
            onKeyUp={readDate}
            onBlur={readDate}
          />
        )}
      </Field>
      <Checkbox
        id={fieldId('when', 'approximate')}
        label={t('report.when.approximate')}
        checked={when.approximate}
        onChange={(approximate) => update('when', { approximate })}
      />
      <TextInput
        id={fieldId('when', 'details')}
        label={t('report.when.details')}
        hint={t('report.when.detailsHint')}
        value={when.details}
        onChange={(details) => update('when', { details })}
      />
      <Select
        id={fieldId('where', 'region')}
        label={t('report.where.region')}
        value={where.region}
        onChange={(region) => update('where', { region })}
        options={REGIONS}
        labelOf={optionLabel(t, 'region')}
        placeholder={t('report.where.regionChoose')}
      />
      <TextInput
        id={fieldId('where', 'locality')}
        label={t('report.where.locality')}
        value={where.locality}
        onChange={(locality) => update('where', { locality })}
      />
      <TextInput
        id={fieldId('where', 'place')}
        label={t('report.where.place')}
        hint={t('report.where.placeHint')}
        value={where.place}
        onChange={(place) => update('where', { place })}
      />
    </>
  );
}
