import type { ReactNode } from 'react';

import { useI18n } from '../../../i18n';
import { EVIDENCE_KINDS, MAX_NOTE_CHARS, WITNESSES } from '../../../shared/report-fields';
import { Checkboxes, optionLabel, Radios, TextArea } from '../controls';
import { fieldId } from '../rules';
import type { StepProps } from './types';

/** Who saw it, what evidence exists, and (from branch `files`) the evidence files themselves. */
export function EvidenceStep({ draft, update, attachments }: StepProps & { attachments?: ReactNode }) {
  const { t } = useI18n();
  const { witnesses, evidence } = draft;
  return (
    <>
      <Radios
        id={fieldId('witnesses', 'present')}
        label={t('report.evidence.witnesses')}
        value={witnesses.present}
        onChange={(present) => update('witnesses', { present })}
        options={WITNESSES}
        labelOf={optionLabel(t, 'witnesses')}
      />
      <TextArea
        id={fieldId('witnesses', 'details')}
        label={t('report.evidence.witnessDetails')}
        hint={t('report.evidence.witnessDetailsHint')}
        value={witnesses.details}
        onChange={(details) => update('witnesses', { details })}
        max={MAX_NOTE_CHARS}
        rows={3}
      />
      <Checkboxes
        id={fieldId('evidence', 'kinds')}
        label={t('report.evidence.kinds')}
        hint={t('report.evidence.kindsHint')}
        value={evidence.kinds}
        onChange={(kinds) => update('evidence', { kinds })}
        options={EVIDENCE_KINDS}
        labelOf={optionLabel(t, 'evidence')}
      />
      <TextArea
        id={fieldId('evidence', 'details')}
        label={t('report.evidence.details')}
        hint={t('report.evidence.detailsHint')}
        value={evidence.details}
        onChange={(details) => update('evidence', { details })}
        max={MAX_NOTE_CHARS}
        rows={3}
      />
      {/*
        ATTACHMENT PICKER SLOT (branch `files`): ReportPage passes the picker as
        `attachments`; its uploaded files' descriptors become the report's
        `attachments` array (report-v2.ts, attachmentV2) through toReport().
      */}
      {attachments && (
        <div className="attachments-slot" data-slot="attachments">
          {attachments}
        </div>
      )}
    </>
  );
}
