import { useRef, useState } from 'react';

import { useI18n } from '../../../i18n';
import { AGENCIES, MAX_NOTE_CHARS, MAX_OFFICERS, OFFICER_ROLES } from '../../../shared/report-fields';
import { optionLabel, Radios, Select, TextArea, TextInput } from '../controls';
import { newOfficer, type OfficerDraft } from '../draft';
import { officerFieldId } from '../rules';
import type { StepProps } from './types';

/** Who did it: one block per officer, as many as took part (up to MAX_OFFICERS). */
export function OfficersStep({ draft, updateOfficers }: StepProps) {
  const { t } = useI18n();
  const [announcement, setAnnouncement] = useState('');
  const nextUid = useRef(Math.max(...draft.officers.map((o) => o.uid)) + 1);
  const count = draft.officers.length;

  const change = (uid: number, patch: Partial<OfficerDraft>) =>
    updateOfficers((officers) => officers.map((o) => (o.uid === uid ? { ...o, ...patch } : o)));

  const add = () => {
    const officer = newOfficer(nextUid.current++);
    updateOfficers((officers) => [...officers, officer]);
    setAnnouncement(t('report.officers.count', { count: count + 1 }));
    // The new block's first question takes the focus once it is on the page.
    requestAnimationFrame(() => document.getElementById(officerFieldId(officer, 'agency'))?.focus());
  };

  const remove = (uid: number, index: number) => {
    updateOfficers((officers) => officers.filter((o) => o.uid !== uid));
    setAnnouncement(t('report.officers.count', { count: count - 1 }));
    const stays = draft.officers[index === 0 ? 1 : index - 1];
    requestAnimationFrame(() => stays && document.getElementById(`r-officer-${stays.uid}-legend`)?.focus());
  };

  return (
    <>
      <p className="step__intro">{t('report.officers.intro')}</p>
      {draft.officers.map((officer, index) => (
        <section key={officer.uid} className="officer" aria-labelledby={`r-officer-${officer.uid}-legend`}>
          <h3 id={`r-officer-${officer.uid}-legend`} tabIndex={-1} className="officer__title">
            {t('fact.officer', { n: index + 1 })}
          </h3>
          <Select
            id={officerFieldId(officer, 'agency')}
            label={t('report.officers.agency')}
            required
            value={officer.agency}
            onChange={(agency) => change(officer.uid, { agency })}
            options={AGENCIES}
            labelOf={optionLabel(t, 'agency')}
            placeholder={t('report.form.choose')}
          />
          <TextInput
            id={officerFieldId(officer, 'unit')}
            label={t('report.officers.unit')}
            hint={t('report.officers.unitHint')}
            value={officer.unit}
            onChange={(unit) => change(officer.uid, { unit })}
          />
          <TextInput
            id={officerFieldId(officer, 'post')}
            label={t('report.officers.post')}
            value={officer.post}
            onChange={(post) => change(officer.uid, { post })}
          />
          <Radios
            id={officerFieldId(officer, 'role')}
            label={t('report.officers.role')}
            hint={t('report.officers.roleHint')}
            required
            value={officer.role}
            onChange={(role) => change(officer.uid, { role })}
            options={OFFICER_ROLES}
            labelOf={optionLabel(t, 'role')}
          />
          <TextInput
            id={officerFieldId(officer, 'nameOrBadge')}
            label={t('report.officers.nameOrBadge')}
            value={officer.nameOrBadge}
            onChange={(nameOrBadge) => change(officer.uid, { nameOrBadge })}
          />
          <TextArea
            id={officerFieldId(officer, 'description')}
            label={t('report.officers.description')}
            hint={t('report.officers.descriptionHint')}
            value={officer.description}
            onChange={(description) => change(officer.uid, { description })}
            max={MAX_NOTE_CHARS}
            rows={3}
          />
          {count > 1 && (
            <button type="button" className="button button--small" onClick={() => remove(officer.uid, index)}>
              {t('report.officers.remove', { n: index + 1 })}
            </button>
          )}
        </section>
      ))}
      {count < MAX_OFFICERS && (
        <button type="button" className="button" onClick={add}>
          {t('report.officers.add')}
        </button>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </>
  );
}
