import { useI18n } from '../../../i18n';
import { Alert } from '../../../shared/Layout';
import { POSITIONS } from '../../../shared/report-fields';
import { Checkbox, optionLabel, Radios, TextInput } from '../controls';
import { fieldId } from '../rules';
import type { StepProps } from './types';
import { RepresentativeFields } from './RepresentativeFields';

const YES_NO = ['yes', 'no'] as const;
const IDENTITY = ['anonymous', 'named'] as const;

/**
 * The reporter's own position and wishes. Who they are is asked only if they
 * choose to say; only then comes the Article 419 warning (an anonymous
 * reporter is not warned, DOMAIN.md). The warning names the article and what
 * it is about, without quoting law text that was not confirmed.
 */
export function YouStep({ draft, update }: StepProps) {
  const { t } = useI18n();
  const { reporter } = draft;
  const set = (patch: Partial<typeof reporter>) => update('reporter', patch);
  const yesNo = (option: 'yes' | 'no') => t(`common.${option}`);
  return (
    <>
      <RepresentativeFields draft={draft} update={update} />
      <Radios
        id={fieldId('reporter', 'position')}
        label={t('report.you.position')}
        hint={t('report.you.positionHint')}
        required
        value={reporter.position}
        onChange={(position) => set({ position })}
        options={POSITIONS}
        labelOf={optionLabel(t, 'position')}
      />
      {reporter.position === 'other' && (
        <TextInput
          id={fieldId('reporter', 'positionOther')}
          label={t('report.you.positionOther')}
          value={reporter.positionOther}
          onChange={(positionOther) => set({ positionOther })}
        />
      )}
      <Radios
        id={fieldId('reporter', 'hasLawyer')}
        label={t('report.you.lawyer')}
        value={reporter.hasLawyer}
        onChange={(hasLawyer) => set({ hasLawyer })}
        options={YES_NO}
        labelOf={yesNo}
      />
      <Radios
        id={fieldId('reporter', 'mayWriteBack')}
        label={t('report.you.writeBack')}
        hint={t('report.you.writeBackHint')}
        required
        value={reporter.mayWriteBack}
        onChange={(mayWriteBack) => set({ mayWriteBack })}
        options={YES_NO}
        labelOf={yesNo}
      />
      <Radios
        id={fieldId('reporter', 'identity')}
        label={t('report.you.identity')}
        hint={t('report.you.identityHint')}
        value={reporter.identity}
        onChange={(identity) => set({ identity })}
        options={IDENTITY}
        labelOf={(option) => t(`report.you.${option}`)}
      />
      {reporter.identity === 'named' && (
        <div className="follow-up">
          <Alert kind="info" title={t('report.you.warningTitle')}>
            <p className="alert__text" id={fieldId('reporter', 'warning')}>
              {t('report.you.warning')}
            </p>
          </Alert>
          <Checkbox
            id={fieldId('reporter', 'warnedArticle419')}
            label={t('report.you.warned')}
            checked={reporter.warnedArticle419}
            onChange={(warnedArticle419) => set({ warnedArticle419 })}
          />
          <TextInput
            id={fieldId('reporter', 'name')}
            label={t('report.you.name')}
            required
            value={reporter.name}
            onChange={(name) => set({ name })}
          />
          <TextInput
            id={fieldId('reporter', 'contact')}
            label={t('report.you.contact')}
            hint={t('report.you.contactHint')}
            value={reporter.contact}
            onChange={(contact) => set({ contact })}
          />
        </div>
      )}
    </>
  );
}
