import { useI18n } from '../../../i18n';
import { Alert } from '../../../shared/Layout';
import { Checkbox, TextInput } from '../controls';
import { fieldId } from '../rules';
import type { StepProps } from './types';

/**
 * A lawyer (or another representative) filing for a client: their own
 * details, which go into the envelope beside the report and so only inside
 * the encryption. The rest of the step is then about the client.
 */
export function RepresentativeFields({ draft, update }: Pick<StepProps, 'draft' | 'update'>) {
  const { t } = useI18n();
  const { representative } = draft;
  const set = (patch: Partial<typeof representative>) => update('representative', patch);
  return (
    <>
      <Checkbox
        id={fieldId('representative', 'filing')}
        label={t('report.representative.filing')}
        checked={representative.filing}
        onChange={(filing) => set({ filing })}
      />
      {representative.filing && (
        <div className="follow-up">
          <Alert kind="info">
            <p className="alert__text">{t('report.representative.explain')}</p>
          </Alert>
          <TextInput
            id={fieldId('representative', 'name')}
            label={t('report.representative.name')}
            required
            value={representative.name}
            onChange={(name) => set({ name })}
          />
          <TextInput
            id={fieldId('representative', 'licence')}
            label={t('report.representative.licence')}
            hint={t('report.representative.licenceHint')}
            value={representative.licence}
            onChange={(licence) => set({ licence })}
          />
          <TextInput
            id={fieldId('representative', 'contact')}
            label={t('report.representative.contact')}
            hint={t('report.representative.contactHint')}
            value={representative.contact}
            onChange={(contact) => set({ contact })}
          />
        </div>
      )}
    </>
  );
}
