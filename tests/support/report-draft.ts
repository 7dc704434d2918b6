import { emptyDraft, type Draft } from '../../frontend/src/report/form/draft';

/** A draft with every question answered, in Latin, Cyrillic and Kazakh, for the form's and the schema's tests. */
export function fullDraft(): Draft {
  const draft = emptyDraft();
  return {
    ...draft,
    officers: [
      {
        uid: 1,
        agency: 'police',
        unit: 'Отдел полиции Алмалинского района',
        post: 'капитан',
        role: 'operative',
        nameOrBadge: 'Badge 0412',
        description: 'Ұзын бойлы, қара куртка киген.',
      },
      { uid: 2, agency: 'other', unit: '', post: '', role: 'unknown', nameOrBadge: '', description: '' },
    ],
    inducement: {
      kinds: ['bribe', 'other'],
      kindOther: 'угрожал',
      account: 'Сотрудник предложил «закрыть дело» за 500 000 тенге.',
      words: '“Pay and it all goes away.”',
      channels: ['messenger'],
      channelOther: 'ignored: "other" is not ticked',
    },
    offence: {
      pushedToward: 'Дать взятку',
      committed: 'no',
      consequences: ['money_demanded', 'case_opened'],
      caseNumber: '261234567890123',
      caseStage: 'pre_trial',
      details: '',
    },
    motive: { kind: 'extortion', details: '' },
    when: { date: '2026-03-10', dateIncomplete: false, approximate: true, details: 'кешке қарай' },
    where: { region: 'almaty_city', locality: 'Алмалинский район', place: 'кафе' },
    witnesses: { present: 'yes', details: 'a neighbour' },
    evidence: { kinds: ['audio', 'messages'], details: '' },
    reporter: {
      position: 'suspect',
      positionOther: '',
      hasLawyer: 'no',
      mayWriteBack: 'yes',
      identity: 'anonymous',
      name: 'left over from a change of mind',
      contact: '',
      warnedArticle419: false,
    },
  };
}
