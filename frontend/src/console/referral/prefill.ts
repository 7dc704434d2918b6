import type { MessageKey } from '../../i18n/catalogs';
import type { Translate } from '../../i18n/translate';
import type { ReportV2 } from '../../shared/report-v2';
import { documentDate, DOCUMENT_TEXT } from './document-text';
import type { DocumentLanguage, Referral } from './referral-model';

/**
 * A first draft of the referral from the decrypted report, in the document's
 * language: `t` translates with that language's shared catalog (the agency,
 * region and answer names the reporter page uses), whatever language the
 * console is shown in. The reviewer edits every field before saving.
 */
export function draftFromReport({
  report,
  receivedAt,
  lang,
  t,
  today,
}: {
  report: ReportV2;
  /** When the report arrived (to the hour); its day dates the evidence. */
  receivedAt: string;
  lang: DocumentLanguage;
  t: Translate;
  /** The outgoing date the draft starts with, YYYY-MM-DD. */
  today: string;
}): Referral {
  const text = DOCUMENT_TEXT[lang];
  const k = (key: string) => t(key as MessageKey);
  const lines = (...parts: (string | false | undefined | null)[]) => parts.filter(Boolean).join('\n');
  const labelled = (label: string, value: string | undefined | null) => (value ? `${k(label)}: ${value}` : null);
  const { inducement, offence, motive, when, where, witnesses, reporter } = report;
  const whenWhere = [
    when.date ? `${documentDate(when.date, lang)}${when.approximate ? ' (~)' : ''}` : null,
    when.details,
    where.region ? k(`region.${where.region}`) : null,
    where.locality,
    where.place,
  ].filter(Boolean);
  const received = documentDate(receivedAt.slice(0, 10), lang);
  return {
    language: lang,
    confidentiality: text.defaults.confidentiality,
    addressee: '',
    sendingAgency: text.defaults.sendingAgency,
    outgoingNumber: '',
    outgoingDate: today,
    articles: ['412-1', ...(inducement.kinds.includes('bribe') ? (['366'] as const) : [])],
    facts: lines(
      whenWhere.length > 0 && whenWhere.join(', '),
      `${k('fact.kinds')}: ${inducement.kinds.map((kind) => k(`inducement.${kind}`)).join('; ')}`,
      labelled('fact.kindOther', inducement.kindOther),
      inducement.account,
      labelled('fact.words', inducement.words),
      inducement.channels.length > 0 &&
        `${k('fact.channels')}: ${inducement.channels.map((c) => k(`channel.${c}`)).join(', ')}`,
      labelled('fact.channelOther', inducement.channelOther),
    ),
    officers: report.officers
      .map((officer, i) =>
        [
          `${i + 1}. ${k(`agency.${officer.agency}`)}`,
          officer.unit,
          officer.post,
          k(`role.${officer.role}`),
          officer.nameOrBadge,
          officer.description,
        ]
          .filter(Boolean)
          .join('; '),
      )
      .join('\n'),
    pushedToward: lines(
      offence.pushedToward,
      offence.committed && labelled('fact.committed', k(`committed.${offence.committed}`)),
    ),
    followed: lines(
      offence.consequences.length > 0 && offence.consequences.map((c) => k(`consequence.${c}`)).join('; '),
      offence.caseStage && labelled('fact.caseStage', k(`caseStage.${offence.caseStage}`)),
      offence.details,
    ),
    caseNumber: offence.caseNumber ?? '',
    motive: lines(motive.kind && k(`motive.${motive.kind}`), motive.details),
    reporter: {
      identified: reporter.identity !== null,
      // The reporter chose to give their name after the Article 419 warning; passing it on is still the reviewer's call.
      consent: false,
      name: reporter.identity?.name ?? '',
      contact: reporter.identity?.contact ?? '',
    },
    lawyer: '',
    witnesses: lines(witnesses.present && k(`witnesses.${witnesses.present}`), witnesses.details),
    evidence: report.attachments.map((file) => ({
      name: file.name,
      size: file.size,
      sha256: file.sha256,
      source: text.defaults.source,
      date: received,
      include: true,
    })),
    assessment: {
      official: { finding: 'unclear', note: '' },
      inducement: { finding: 'unclear', note: '' },
      intent: { finding: 'unclear', note: '' },
      consequence: { finding: 'unclear', note: '' },
    },
    decision: { kind: 'refer', reason: '' },
    request: text.defaults.request,
    signatory: '',
  };
}
