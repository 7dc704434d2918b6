import { emptyDraft, toReport, type Draft } from '../../frontend/src/report/form/draft';
import { firstStepWithProblems, localToday, problemsOf, type Step } from '../../frontend/src/report/form/rules';
import { MAX_LINE_CHARS, MAX_REPORT_BYTES, MAX_TEXT_CHARS } from '../../frontend/src/shared/report-fields';
import { fullDraft } from '../support/report-draft';

const TODAY = '2026-03-10';
const messages = (step: Step, draft: Draft, today = TODAY) =>
  problemsOf(step, draft, today).map((p) => [p.id, p.message]);

describe("the reporter's today is their local date", () => {
  // 21:30 UTC on the 9th is 02:30 on the 10th in Almaty (UTC+5; UTC+6 with time-zone data before 2024).
  const lateUtc = new Date('2026-03-09T21:30:00Z');
  const onThe10th = { ...emptyDraft(), when: { ...emptyDraft().when, date: '2026-03-10' } };

  it('in Almaty before 05:00, today is already the next day (the UTC date is still yesterday)', () => {
    expect(localToday(lateUtc, 'Asia/Almaty')).toBe('2026-03-10');
    expect(lateUtc.toISOString().slice(0, 10)).toBe('2026-03-09');
    expect(problemsOf('whenWhere', onThe10th, localToday(lateUtc, 'Asia/Almaty'))).toEqual([]);
  });

  it('in UTC the same instant is still the 9th, and the 10th is refused as the future', () => {
    expect(localToday(lateUtc, 'UTC')).toBe('2026-03-09');
    expect(messages('whenWhere', onThe10th, localToday(lateUtc, 'UTC'))).toEqual([
      ['r-when-date', 'report.error.dateFuture'],
    ]);
  });

  it('west of Greenwich, late evening is still the earlier day', () => {
    expect(localToday(new Date('2026-01-06T03:00:00Z'), 'America/New_York')).toBe('2026-01-05');
  });

  it('without a zone named, it is the date in the zone this runtime is in', () => {
    const now = new Date();
    expect(localToday(now)).toBe(localToday(now, Intl.DateTimeFormat().resolvedOptions().timeZone));
  });
});

describe('the form asks for what a reviewer needs, and says what to fix', () => {
  it('an empty form stops at the officer: agency and role are required, each with its own field', () => {
    const problems = problemsOf('officers', emptyDraft(), TODAY);
    expect(problems.map((p) => [p.id, p.message, p.values])).toEqual([
      ['r-officer-1-agency', 'report.error.officerAgency', { n: 1 }],
      ['r-officer-1-role', 'report.error.officerRole', { n: 1 }],
    ]);
  });

  it('numbers each officer by position, and names each by its own stable id', () => {
    const draft = fullDraft();
    draft.officers = [draft.officers[1]!, { ...draft.officers[0]!, uid: 7, agency: '', role: '' }];
    expect(problemsOf('officers', draft, TODAY).map((p) => [p.id, p.values])).toEqual([
      ['r-officer-7-agency', { n: 2 }],
      ['r-officer-7-role', { n: 2 }],
    ]);
  });

  it('what the officer did: at least one kind, and the account', () => {
    expect(messages('inducement', emptyDraft())).toEqual([
      ['r-inducement-kinds', 'report.error.kinds'],
      ['r-inducement-account', 'report.error.account'],
    ]);
    const blank = { ...fullDraft().inducement, account: '  \n ' };
    expect(messages('inducement', { ...fullDraft(), inducement: blank })).toEqual([
      ['r-inducement-account', 'report.error.account'],
    ]);
  });

  it('what followed, when and where, witnesses and evidence: all optional', () => {
    for (const step of ['outcome', 'whenWhere', 'evidence'] as const) expect(messages(step, emptyDraft())).toEqual([]);
  });

  it('about you: the position and whether the agency may write back', () => {
    expect(messages('you', emptyDraft())).toEqual([
      ['r-reporter-position', 'report.error.position'],
      ['r-reporter-mayWriteBack', 'report.error.writeBack'],
    ]);
  });

  it('a reporter who gives their name must read the Article 419 warning and give the name; an anonymous one is not asked', () => {
    const named = { ...fullDraft().reporter, identity: 'named' as const, name: ' ' };
    expect(messages('you', { ...fullDraft(), reporter: named })).toEqual([
      ['r-reporter-warnedArticle419', 'report.error.warned'],
      ['r-reporter-name', 'report.error.name'],
    ]);
    expect(messages('you', fullDraft())).toEqual([]);
  });

  it('a too long answer names the field, the limit and the count', () => {
    const draft = fullDraft();
    draft.officers[0]!.unit = 'ы'.repeat(MAX_LINE_CHARS + 1);
    draft.inducement.account = 'a'.repeat(MAX_TEXT_CHARS + 5);
    expect(problemsOf('officers', draft, TODAY)).toEqual([
      {
        id: 'r-officer-1-unit',
        message: 'report.error.tooLong',
        values: { max: MAX_LINE_CHARS, count: MAX_LINE_CHARS + 1 },
        field: { label: 'report.officers.unit', officer: 1 },
      },
    ]);
    expect(problemsOf('inducement', draft, TODAY)[0]).toMatchObject({
      id: 'r-inducement-account',
      values: { max: MAX_TEXT_CHARS, count: MAX_TEXT_CHARS + 5 },
    });
  });

  it('dates: not after today, not before independence, and not half typed', () => {
    const at = (date: string, dateIncomplete = false) => ({
      ...emptyDraft(),
      when: { ...emptyDraft().when, date, dateIncomplete },
    });
    expect(messages('whenWhere', at(TODAY))).toEqual([]);
    expect(messages('whenWhere', at('2026-03-11'))).toEqual([['r-when-date', 'report.error.dateFuture']]);
    expect(messages('whenWhere', at('1991-12-15'))).toEqual([['r-when-date', 'report.error.dateEarly']]);
    expect(messages('whenWhere', at('1991-12-16'))).toEqual([]);
    expect(messages('whenWhere', at('', true))).toEqual([['r-when-date', 'report.error.dateIncomplete']]);
  });

  it('a hidden follow-up is not checked: the text behind an unticked "other" is dropped, not refused', () => {
    const draft = fullDraft();
    draft.inducement.channelOther = 'x'.repeat(MAX_LINE_CHARS + 1);
    expect(messages('inducement', draft)).toEqual([]);
  });

  it('sending goes back to the first step with a problem', () => {
    const draft = fullDraft();
    draft.reporter.position = '';
    draft.inducement.kinds = [];
    expect(firstStepWithProblems(draft, TODAY)).toMatchObject({
      step: 'inducement',
      problems: [{ id: 'r-inducement-kinds' }],
    });
    expect(firstStepWithProblems(fullDraft(), TODAY)).toBeNull();
  });

  it('a report too large for its envelope is stopped at the review, before anything is encrypted', () => {
    const draft = fullDraft();
    draft.officers = Array.from({ length: 10 }, (_, i) => ({
      ...draft.officers[0]!,
      uid: i + 1,
      description: 'Ә'.repeat(5000),
    }));
    draft.inducement.account = 'Қ'.repeat(MAX_TEXT_CHARS);
    draft.inducement.words = 'ж'.repeat(5000);
    draft.offence.pushedToward = 'ж'.repeat(5000);
    draft.motive.details = 'ж'.repeat(5000);
    draft.offence.details = 'ж'.repeat(5000);
    draft.witnesses.details = 'ж'.repeat(5000);
    draft.evidence.details = 'ж'.repeat(5000);
    expect(firstStepWithProblems(draft, TODAY)).toMatchObject({
      step: 'review',
      problems: [{ id: 'r-review-send', message: 'report.error.tooLarge' }],
    });
    const share = problemsOf('review', draft, TODAY)[0]!.values!.share as number;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
    expect(MAX_REPORT_BYTES).toBeLessThan(192 * 1024);
  });
});

describe('toReport: the draft as the envelope carries it', () => {
  it('leaves out what was not answered: no empty strings, no unasked follow-ups, no name when anonymous', () => {
    const report = toReport(fullDraft());
    expect(report.officers[1]).toEqual({ agency: 'other', role: 'unknown' });
    expect(report.inducement).toEqual({
      kinds: ['bribe', 'other'],
      kindOther: 'угрожал',
      account: 'Сотрудник предложил «закрыть дело» за 500 000 тенге.',
      words: '“Pay and it all goes away.”',
      channels: ['messenger'],
    });
    expect(report.offence).toEqual({
      pushedToward: 'Дать взятку',
      committed: 'no',
      consequences: ['money_demanded', 'case_opened'],
      caseNumber: '261234567890123',
      caseStage: 'pre_trial',
    });
    expect(report.reporter).toEqual({ position: 'suspect', hasLawyer: false, mayWriteBack: true, identity: null });
    expect(report.attachments).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('""');
  });

  it('drops the case number and stage once "a case was opened" is unticked', () => {
    const draft = fullDraft();
    draft.offence.consequences = ['money_demanded'];
    expect(toReport(draft).offence).not.toHaveProperty('caseNumber');
    expect(toReport(draft).offence).not.toHaveProperty('caseStage');
  });

  it('a named reporter carries the name, the contact and the fact of the warning', () => {
    const draft = fullDraft();
    draft.reporter = { ...draft.reporter, identity: 'named', name: ' Әлия ', contact: '', warnedArticle419: true };
    expect(toReport(draft).reporter.identity).toEqual({ name: 'Әлия', warnedArticle419: true });
  });
});
