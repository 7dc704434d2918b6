import type { ReactNode } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import type { AttachmentV2, ReportV2 } from './report-v2';

/** The report's sections, in the order the form asks them; the review step's "Change" goes to the same names. */
export const FACT_SECTIONS = ['officers', 'inducement', 'outcome', 'whenWhere', 'evidence', 'reporter'] as const;
export type FactSection = (typeof FACT_SECTIONS)[number];

type Row = [label: MessageKey, value: ReactNode, options?: { prose?: boolean; testId?: string }];

/**
 * A version 2 report, readable: one section per part of the form, each a
 * list of the answers given. Shared by the reporter's review step and the
 * reviewer's console, so both read the same words. Answers left empty show
 * as "not given"; follow-up answers that were never asked are left out.
 */
export function ReportFacts({ report, action }: { report: ReportV2; action?(section: FactSection): ReactNode }) {
  const { t, formatDay } = useI18n();
  const notGiven = t('common.notGiven');
  const one = (prefix: string, value: string | undefined) =>
    value === undefined ? notGiven : t(`${prefix}.${value}` as MessageKey);
  const list = (prefix: string, values: readonly string[]) =>
    values.length === 0 ? notGiven : values.map((v) => t(`${prefix}.${v}` as MessageKey)).join('; ');
  const yesNo = (value: boolean | undefined) =>
    value === undefined ? notGiven : value ? t('common.yes') : t('common.no');
  const { inducement, offence, motive, when, where, witnesses, evidence, reporter } = report;

  const sections: Record<FactSection, ReactNode> = {
    officers: report.officers.map((officer, index) => (
      <div key={index} className="facts-group">
        <h4>{t('fact.officer', { n: index + 1 })}</h4>
        <Rows
          rows={[
            ['fact.agency', t(`agency.${officer.agency}`)],
            ['fact.unit', officer.unit ?? notGiven],
            ['fact.post', officer.post ?? notGiven],
            ['fact.role', t(`role.${officer.role}`)],
            ['fact.nameOrBadge', officer.nameOrBadge ?? notGiven],
            ['fact.description', officer.description ?? notGiven, { prose: true }],
          ]}
        />
      </div>
    )),
    inducement: (
      <Rows
        rows={[
          ['fact.kinds', list('inducement', inducement.kinds)],
          ...(inducement.kindOther ? [['fact.kindOther', inducement.kindOther] as Row] : []),
          ['fact.account', inducement.account, { prose: true, testId: 'account' }],
          ['fact.words', inducement.words ?? notGiven, { prose: true }],
          ['fact.channels', list('channel', inducement.channels)],
          ...(inducement.channelOther ? [['fact.channelOther', inducement.channelOther] as Row] : []),
        ]}
      />
    ),
    outcome: (
      <Rows
        rows={[
          ['fact.pushedToward', offence.pushedToward ?? notGiven, { prose: true }],
          ['fact.committed', one('committed', offence.committed)],
          ['fact.consequences', list('consequence', offence.consequences)],
          ...(offence.consequences.includes('case_opened')
            ? ([
                ['fact.caseNumber', offence.caseNumber ?? notGiven],
                ['fact.caseStage', one('caseStage', offence.caseStage)],
              ] as Row[])
            : []),
          ['fact.outcomeDetails', offence.details ?? notGiven, { prose: true }],
          ['fact.motive', one('motive', motive.kind)],
          ['fact.motiveDetails', motive.details ?? notGiven, { prose: true }],
        ]}
      />
    ),
    whenWhere: (
      <Rows
        rows={[
          [
            'fact.date',
            when.date
              ? when.approximate
                ? t('fact.dateApproximate', { date: formatDay(when.date) })
                : formatDay(when.date)
              : notGiven,
          ],
          ['fact.time', when.details ?? notGiven],
          ['fact.region', where.region ? t(`region.${where.region}`) : notGiven],
          ['fact.locality', where.locality ?? notGiven],
          ['fact.place', where.place ?? notGiven],
        ]}
      />
    ),
    evidence: (
      <>
        <Rows
          rows={[
            ['fact.witnesses', one('witnesses', witnesses.present)],
            ['fact.witnessDetails', witnesses.details ?? notGiven, { prose: true }],
            ['fact.evidence', list('evidence', evidence.kinds)],
            ['fact.evidenceDetails', evidence.details ?? notGiven, { prose: true }],
            [
              'fact.attachments',
              report.attachments.length === 0 ? t('fact.attachmentsNone') : <Attachments items={report.attachments} />,
            ],
          ]}
        />
      </>
    ),
    reporter: (
      <Rows
        rows={[
          ['fact.position', t(`position.${reporter.position}`)],
          ...(reporter.positionOther ? [['fact.positionOther', reporter.positionOther] as Row] : []),
          ['fact.lawyer', yesNo(reporter.hasLawyer)],
          ['fact.writeBack', yesNo(reporter.mayWriteBack)],
          ...(reporter.identity
            ? ([
                ['fact.identity', t('fact.named')],
                ['fact.name', reporter.identity.name],
                ['fact.contact', reporter.identity.contact ?? notGiven],
                ['fact.warned', t('common.yes')],
              ] as Row[])
            : ([['fact.identity', t('fact.anonymous')]] as Row[])),
        ]}
      />
    ),
  };

  return (
    <div className="report-facts" data-testid="report-facts">
      {FACT_SECTIONS.map((section) => (
        <section key={section} className="facts-section" aria-labelledby={`facts-${section}`}>
          <div className="facts-section__head">
            <h3 id={`facts-${section}`}>
              {section === 'officers'
                ? t('fact.section.officers', { count: report.officers.length })
                : t(`fact.section.${section}`)}
            </h3>
            {action?.(section)}
          </div>
          {sections[section]}
        </section>
      ))}
    </div>
  );
}

function Rows({ rows }: { rows: Row[] }) {
  const { t } = useI18n();
  return (
    <dl className="facts facts--rows">
      {rows.map(([label, value, options]) => (
        <div key={label} className="facts__row">
          <dt>{t(label)}</dt>
          <dd className={options?.prose ? 'prose' : undefined} data-testid={options?.testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What the review step and the console say about a file's metadata (report-v2.ts, ATTACHMENT_METADATA). */
const FACT_METADATA = {
  removed: 'fact.metadataRemoved',
  original: 'fact.metadataOriginal',
  not_a_photo: 'fact.metadataNotAPhoto',
  not_removed: 'fact.metadataKept',
} as const;

/** The files the report describes; the console's file list (branch `files`) offers to save and preview them. */
function Attachments({ items }: { items: AttachmentV2[] }) {
  const { t, lang } = useI18n();
  const size = (bytes: number) =>
    bytes < 1024 * 1024
      ? new Intl.NumberFormat(lang, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(bytes / 1024)
      : new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(
          bytes / 1024 ** 2,
        );
  return (
    <ul className="attachment-facts">
      {items.map((item) => (
        <li key={item.id}>
          <span className="attachment-facts__name">{item.name}</span>{' '}
          <span className="muted">
            {t('fact.attachment', { type: item.type || '?', size: size(item.size) })} {t(FACT_METADATA[item.metadata])}
          </span>
          {item.sha256 ? (
            <code className="attachment-facts__hash">SHA-256 {item.sha256}</code>
          ) : (
            <span className="muted">{t('fact.sha256Pending')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
