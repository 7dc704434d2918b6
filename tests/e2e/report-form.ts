import { expect, type Locator, type Page } from '@playwright/test';

import type { Lang } from '../../frontend/src/i18n/catalogs';
import { messages as enReport } from '../../frontend/src/i18n/en/report';
import { messages as enShared } from '../../frontend/src/i18n/en/shared';
import { messages as kkReport } from '../../frontend/src/i18n/kk/report';
import { messages as kkShared } from '../../frontend/src/i18n/kk/shared';
import { messages as ruReport } from '../../frontend/src/i18n/ru/report';
import { messages as ruShared } from '../../frontend/src/i18n/ru/shared';

type Key = keyof typeof enReport | keyof typeof enShared;
const CATALOGS: Record<Lang, Record<Key, string>> = {
  en: { ...enShared, ...enReport },
  ru: { ...ruShared, ...ruReport },
  kk: { ...kkShared, ...kkReport },
};

/** The reporter page's words in one language, straight from its catalogs, so one helper fills the form in any. */
export function words(lang: Lang) {
  return (key: Key, values: Record<string, string | number> = {}) =>
    CATALOGS[lang][key].replace(/\{(\w+)(?:, number)?\}/g, (_, name: string) => String(values[name]));
}

/** Everything a reporter can answer; codes for the choices (as the catalogs key them), text for the rest. */
export interface ReportAnswers {
  officers: {
    agency: string;
    role: string;
    unit?: string;
    post?: string;
    nameOrBadge?: string;
    description?: string;
  }[];
  kinds: string[];
  kindOther?: string;
  account: string;
  words?: string;
  channels?: string[];
  pushedToward?: string;
  committed?: string;
  consequences?: string[];
  caseNumber?: string;
  caseStage?: string;
  outcomeDetails?: string;
  motive?: string;
  motiveDetails?: string;
  date?: string;
  approximate?: boolean;
  time?: string;
  region?: string;
  locality?: string;
  place?: string;
  witnesses?: string;
  witnessDetails?: string;
  evidence?: string[];
  evidenceDetails?: string;
  position: string;
  lawyer?: 'yes' | 'no';
  writeBack: 'yes' | 'no';
  named?: { name: string; contact?: string };
  /** Filed by a lawyer or other representative for the person the rest of the answers are about. */
  representative?: { name: string; licence?: string; contact?: string };
}

export type StepName = 'officers' | 'inducement' | 'outcome' | 'whenWhere' | 'evidence' | 'you' | 'review';

/**
 * Fills the report step by step as a person would (labels, not selectors),
 * pressing "Continue" after each, and stops on the review step. `onStep`
 * runs on each step once it is filled, before going on.
 */
export async function fillReport(
  page: Page,
  lang: Lang,
  answers: ReportAnswers,
  onStep: (step: StepName) => Promise<void> = async () => {},
) {
  const w = words(lang);
  const group = (legend: Key) => page.getByRole('group', { name: w(legend), exact: false });
  const radio = async (legend: Key | Locator, label: string) =>
    (typeof legend === 'string' ? group(legend) : legend).getByLabel(label, { exact: true }).check();
  const text = async (label: Key, value: string | undefined, within: Page | Locator = page) => {
    if (value !== undefined) await within.getByLabel(w(label), { exact: false }).fill(value);
  };
  const next = async (step: StepName) => {
    await onStep(step);
    await page.getByRole('button', { name: w('report.step.next') }).click();
  };
  const heading = (step: StepName) => page.getByRole('heading', { level: 2, name: w(`report.step.${step}`) });

  await expect(heading('officers')).toBeVisible();
  for (const [index, officer] of answers.officers.entries()) {
    if (index > 0) await page.getByRole('button', { name: w('report.officers.add') }).click();
    const block = page.getByRole('region', { name: w('fact.officer', { n: index + 1 }), exact: true });
    await block.getByLabel(w('report.officers.agency')).selectOption(officer.agency);
    await text('report.officers.unit', officer.unit, block);
    await text('report.officers.post', officer.post, block);
    await radio(block.getByRole('group', { name: w('report.officers.role') }), w(`role.${officer.role}` as Key));
    await text('report.officers.nameOrBadge', officer.nameOrBadge, block);
    await text('report.officers.description', officer.description, block);
  }
  await next('officers');

  await expect(heading('inducement')).toBeFocused();
  for (const kind of answers.kinds) await radio('report.inducement.kinds', w(`inducement.${kind}` as Key));
  await text('report.inducement.kindOther', answers.kindOther);
  await text('report.inducement.account', answers.account);
  await text('report.inducement.words', answers.words);
  for (const channel of answers.channels ?? [])
    await radio('report.inducement.channels', w(`channel.${channel}` as Key));
  await next('inducement');

  await expect(heading('outcome')).toBeFocused();
  await text('report.outcome.pushedToward', answers.pushedToward);
  if (answers.committed) await radio('report.outcome.committed', w(`committed.${answers.committed}` as Key));
  for (const c of answers.consequences ?? []) await radio('report.outcome.consequences', w(`consequence.${c}` as Key));
  await text('report.outcome.caseNumber', answers.caseNumber);
  if (answers.caseStage) await radio('report.outcome.caseStage', w(`caseStage.${answers.caseStage}` as Key));
  await text('report.outcome.details', answers.outcomeDetails);
  if (answers.motive) await radio('report.outcome.motive', w(`motive.${answers.motive}` as Key));
  await text('report.outcome.motiveDetails', answers.motiveDetails);
  await next('outcome');

  await expect(heading('whenWhere')).toBeFocused();
  await text('report.when.date', answers.date);
  if (answers.approximate) await page.getByLabel(w('report.when.approximate')).check();
  await text('report.when.details', answers.time);
  if (answers.region) await page.getByLabel(w('report.where.region')).selectOption(answers.region);
  await text('report.where.locality', answers.locality);
  await text('report.where.place', answers.place);
  await next('whenWhere');

  await expect(heading('evidence')).toBeFocused();
  if (answers.witnesses) await radio('report.evidence.witnesses', w(`witnesses.${answers.witnesses}` as Key));
  await text('report.evidence.witnessDetails', answers.witnessDetails);
  for (const e of answers.evidence ?? []) await radio('report.evidence.kinds', w(`evidence.${e}` as Key));
  await text('report.evidence.details', answers.evidenceDetails);
  await next('evidence');

  await expect(heading('you')).toBeFocused();
  if (answers.representative) {
    await page.getByLabel(w('report.representative.filing')).check();
    await text('report.representative.name', answers.representative.name);
    await text('report.representative.licence', answers.representative.licence);
    await text('report.representative.contact', answers.representative.contact);
  }
  await radio('report.you.position', w(`position.${answers.position}` as Key));
  if (answers.lawyer) await radio('report.you.lawyer', w(`common.${answers.lawyer}`));
  await radio('report.you.writeBack', w(`common.${answers.writeBack}`));
  if (answers.named) {
    await radio('report.you.identity', w('report.you.named'));
    await page.getByLabel(w('report.you.warned')).check();
    await text('report.you.name', answers.named.name);
    await text('report.you.contact', answers.named.contact);
  }
  await next('you');

  await expect(heading('review')).toBeFocused();
  await onStep('review');
}
