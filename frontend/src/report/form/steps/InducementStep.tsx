import { useI18n } from '../../../i18n';
import { CHANNELS, INDUCEMENT_KINDS, MAX_NOTE_CHARS, MAX_TEXT_CHARS } from '../../../shared/report-fields';
import { Checkboxes, optionLabel, TextArea, TextInput } from '../controls';
import { fieldId } from '../rules';
import type { StepProps } from './types';

/** What the officer did: the kind of inducement, the account, the words, the channel. */
export function InducementStep({ draft, update }: StepProps) {
  const { t } = useI18n();
  const { inducement } = draft;
  const set = (patch: Partial<typeof inducement>) => update('inducement', patch);
  return (
    <>
      <Checkboxes
        id={fieldId('inducement', 'kinds')}
        label={t('report.inducement.kinds')}
        hint={t('report.form.chooseAll')}
        required
        value={inducement.kinds}
        onChange={(kinds) => set({ kinds })}
        options={INDUCEMENT_KINDS}
        labelOf={optionLabel(t, 'inducement')}
      />
      {inducement.kinds.includes('other') && (
        <TextInput
          id={fieldId('inducement', 'kindOther')}
          label={t('report.inducement.kindOther')}
          value={inducement.kindOther}
          onChange={(kindOther) => set({ kindOther })}
        />
      )}
      <TextArea
        id={fieldId('inducement', 'account')}
        label={t('report.inducement.account')}
        hint={t('report.inducement.accountHint')}
        required
        value={inducement.account}
        onChange={(account) => set({ account })}
        max={MAX_TEXT_CHARS}
        rows={8}
      />
      <TextArea
        id={fieldId('inducement', 'words')}
        label={t('report.inducement.words')}
        hint={t('report.inducement.wordsHint')}
        value={inducement.words}
        onChange={(words) => set({ words })}
        max={MAX_NOTE_CHARS}
      />
      <Checkboxes
        id={fieldId('inducement', 'channels')}
        label={t('report.inducement.channels')}
        hint={t('report.form.chooseAll')}
        value={inducement.channels}
        onChange={(channels) => set({ channels })}
        options={CHANNELS}
        labelOf={optionLabel(t, 'channel')}
      />
      {inducement.channels.includes('other') && (
        <TextInput
          id={fieldId('inducement', 'channelOther')}
          label={t('report.inducement.channelOther')}
          value={inducement.channelOther}
          onChange={(channelOther) => set({ channelOther })}
        />
      )}
    </>
  );
}
