import { useI18n } from '../../../i18n';
import { CASE_STAGES, COMMITTED, CONSEQUENCES, MAX_NOTE_CHARS, MOTIVES } from '../../../shared/report-fields';
import { Checkboxes, optionLabel, Radios, TextArea, TextInput } from '../controls';
import { fieldId } from '../rules';
import type { StepProps } from './types';

/** The offence the person was pushed toward, what followed (detention, money, a case), and the apparent motive. */
export function OutcomeStep({ draft, update }: StepProps) {
  const { t } = useI18n();
  const { offence, motive } = draft;
  const set = (patch: Partial<typeof offence>) => update('offence', patch);
  return (
    <>
      <TextArea
        id={fieldId('offence', 'pushedToward')}
        label={t('report.outcome.pushedToward')}
        hint={t('report.outcome.pushedTowardHint')}
        value={offence.pushedToward}
        onChange={(pushedToward) => set({ pushedToward })}
        max={MAX_NOTE_CHARS}
        rows={3}
      />
      <Radios
        id={fieldId('offence', 'committed')}
        label={t('report.outcome.committed')}
        value={offence.committed}
        onChange={(committed) => set({ committed })}
        options={COMMITTED}
        labelOf={optionLabel(t, 'committed')}
      />
      <Checkboxes
        id={fieldId('offence', 'consequences')}
        label={t('report.outcome.consequences')}
        hint={t('report.form.chooseAll')}
        value={offence.consequences}
        onChange={(consequences) => set({ consequences })}
        options={CONSEQUENCES}
        labelOf={optionLabel(t, 'consequence')}
      />
      {offence.consequences.includes('case_opened') && (
        <div className="follow-up">
          <TextInput
            id={fieldId('offence', 'caseNumber')}
            label={t('report.outcome.caseNumber')}
            hint={t('report.outcome.caseNumberHint')}
            value={offence.caseNumber}
            onChange={(caseNumber) => set({ caseNumber })}
          />
          <Radios
            id={fieldId('offence', 'caseStage')}
            label={t('report.outcome.caseStage')}
            value={offence.caseStage}
            onChange={(caseStage) => set({ caseStage })}
            options={CASE_STAGES}
            labelOf={optionLabel(t, 'caseStage')}
          />
        </div>
      )}
      <TextArea
        id={fieldId('offence', 'details')}
        label={t('report.outcome.details')}
        hint={t('report.outcome.detailsHint')}
        value={offence.details}
        onChange={(details) => set({ details })}
        max={MAX_NOTE_CHARS}
      />
      <Radios
        id={fieldId('motive', 'kind')}
        label={t('report.outcome.motive')}
        value={motive.kind}
        onChange={(kind) => update('motive', { kind })}
        options={MOTIVES}
        labelOf={optionLabel(t, 'motive')}
      />
      <TextArea
        id={fieldId('motive', 'details')}
        label={t('report.outcome.motiveDetails')}
        value={motive.details}
        onChange={(details) => update('motive', { details })}
        max={MAX_NOTE_CHARS}
        rows={3}
      />
    </>
  );
}
