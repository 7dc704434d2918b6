import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DOCUMENT_TEXT } from '../../frontend/src/console/referral/document-text';
import { draftFromReport } from '../../frontend/src/console/referral/prefill';
import { referralBlocks } from '../../frontend/src/console/referral/referral-blocks';
import { referralV1, type DocumentLanguage, type Referral } from '../../frontend/src/console/referral/referral-model';
import { renderReferralPdf } from '../../frontend/src/console/referral/referral-pdf';
import { createTranslator } from '../../frontend/src/i18n/translate';
import { messages as en } from '../../frontend/src/i18n/en/shared';
import { messages as kk } from '../../frontend/src/i18n/kk/shared';
import { messages as ru } from '../../frontend/src/i18n/ru/shared';
import { toReport } from '../../frontend/src/report/form/draft';
import { pdfText } from '../support/pdf-text';
import { fullDraft } from '../support/report-draft';

/**
 * The referral document: every element DOMAIN.md lists, prefilled from a
 * report, rendered to PDF with the embedded font, and read back by an
 * independent reader (pdf.js, through pdf-parse) as text, Kazakh letters and all.
 */
const FONT = readFileSync(path.resolve(__dirname, '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const KAZAKH = 'әғқңөұүһі ӘҒҚҢӨҰҮҺІ';
const CATALOGS = { ru, kk, en };
const SHA = 'ab'.repeat(32);

const report = toReport(fullDraft(), [
  {
    id: 'internal-file-id-0001',
    name: 'аудиожазба-қағаз.m4a',
    type: 'audio/mp4',
    size: 1_234_567,
    segments: 1,
    sha256: SHA,
    metadata: 'original',
  },
]);

function draft(lang: DocumentLanguage): Referral {
  return draftFromReport({
    report,
    receivedAt: '2026-11-20T14:00:00.000Z',
    lang,
    t: createTranslator(lang, CATALOGS[lang]),
    today: '2026-11-26',
  });
}

function filled(lang: DocumentLanguage): Referral {
  return {
    ...draft(lang),
    addressee: `Алматы қаласының прокуратурасы ${KAZAKH}`,
    sendingAgency: 'Агентство — отправитель',
    outgoingNumber: '412/17',
    reporter: { identified: true, consent: true, name: 'Әлия Нұрғалиқызы', contact: '+7 700 000 00 00' },
    lawyer: 'Адвокат Өмірзақ Һ.',
    witnesses: 'Свидетель Ұлан Іскаков',
    assessment: {
      official: { finding: 'established', note: 'оперуполномоченный' },
      inducement: { finding: 'unclear', note: '' },
      intent: { finding: 'not_established', note: '' },
      consequence: { finding: 'established', note: '' },
    },
    decision: { kind: 'refer', reason: 'DECISION-IS-INTERNAL' },
    signatory: 'Шолпан Қасымова, главный специалист',
  };
}

/** pdf.js joins wrapped lines with line breaks: compare text without white space. */
const squash = (text: string) => text.replace(/\s+/g, '');

describe('the referral prefilled from a report', () => {
  it('carries the report’s facts, officers, consequences, witnesses and evidence in the document’s language', () => {
    const referral = draft('kk');
    expect(referralV1.safeParse(referral).success).toBe(true);
    expect(referral.articles).toEqual(['412-1', '366']);
    expect(referral.facts).toContain('Сотрудник предложил «закрыть дело» за 500 000 тенге.');
    expect(referral.officers).toContain(kk['agency.police']);
    expect(referral.officers).toContain('Отдел полиции Алмалинского района');
    expect(referral.evidence).toEqual([
      {
        name: 'аудиожазба-қағаз.m4a',
        size: 1_234_567,
        sha256: SHA,
        source: DOCUMENT_TEXT.kk.defaults.source,
        date: '20.11.2026',
        include: true,
      },
    ]);
    expect(referral.request).toBe(DOCUMENT_TEXT.kk.defaults.request);
    // An identity the reporter gave is prefilled, but not passed on until the reviewer records consent.
    expect(referral.reporter.consent).toBe(false);
  });

  it('an identified reporter without consent is printed as anonymous, with no Article 419 line', () => {
    const referral = {
      ...filled('ru'),
      reporter: { identified: true, consent: false, name: 'SECRET NAME', contact: '' },
    };
    const text = referralBlocks(referral)
      .map((b) => b.text)
      .join('\n');
    expect(text).not.toContain('SECRET NAME');
    expect(text).toContain(DOCUMENT_TEXT.ru.anonymous);
    expect(text).not.toContain('419');
  });
});

describe.each(['ru', 'kk', 'en'] as const)('the referral PDF in %s', (lang) => {
  let text: string;
  let rendered: Awaited<ReturnType<typeof renderReferralPdf>>;
  const referral = filled(lang);
  beforeAll(async () => {
    rendered = await renderReferralPdf(referral, FONT);
    text = pdfText(rendered.pdf);
  });

  it('is a PDF whose text reads back, with every Kazakh letter', () => {
    expect(Buffer.from(rendered.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(rendered.missingGlyphs).toBe(0);
    expect(squash(text)).toContain(squash(KAZAKH));
    for (const letter of KAZAKH.replace(' ', '')) expect(text).toContain(letter);
  });

  it('holds every element of a referral: addressee, sender, number and date, articles, facts, officer, what followed, motive, reporter, lawyer, witnesses, evidence with hashes, assessment, request, marking', () => {
    const t = DOCUMENT_TEXT[lang];
    const flat = squash(text);
    for (const expected of [
      referral.confidentiality,
      referral.addressee,
      referral.sendingAgency,
      t.outgoing('412/17', lang === 'en' ? '2026-11-26' : '26.11.2026'),
      t.title,
      t.articles('412-1, 366'),
      'Сотрудник предложил «закрыть дело» за 500 000 тенге.',
      'Отдел полиции Алмалинского района',
      'Badge 0412',
      referral.followed.split('\n')[0]!,
      referral.motive.split('\n')[0]!,
      t.identified('Әлия Нұрғалиқызы', '+7 700 000 00 00'),
      t.warned419,
      'Адвокат Өмірзақ Һ.',
      'Свидетель Ұлан Іскаков',
      'аудиожазба-қағаз.m4a',
      t.bytes(1_234_567),
      SHA,
      `${t.element.official}: ${t.finding.established}. оперуполномоченный`,
      t.finding.not_established,
      t.request,
      referral.request,
      'Шолпан Қасымова, главный специалист',
      t.page(1, rendered.pages),
    ]) {
      expect(flat).toContain(squash(expected));
    }
  });

  it('leaves out the reviewer’s decision and every internal identifier', () => {
    expect(text).not.toContain('DECISION-IS-INTERNAL');
    expect(text).not.toContain('internal-file-id-0001');
  });
});

it('a long referral flows onto more pages, and a character the font lacks is counted, not dropped silently', async () => {
  const long = { ...filled('ru'), facts: 'Длинный текст про обстоятельства. '.repeat(600) + '\u4e2d' };
  const rendered = await renderReferralPdf(long, FONT);
  expect(rendered.pages).toBeGreaterThan(2);
  expect(rendered.missingGlyphs).toBe(1);
  expect(pdfText(rendered.pdf)).toContain(DOCUMENT_TEXT.ru.page(rendered.pages, rendered.pages));
});
