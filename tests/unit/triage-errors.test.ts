import { triageRefusal } from '../../frontend/src/console/triageErrors';
import type { Lang } from '../../frontend/src/i18n/catalogs';
import { messages as enConsole } from '../../frontend/src/i18n/en/console';
import { messages as kkConsole } from '../../frontend/src/i18n/kk/console';
import { messages as ruConsole } from '../../frontend/src/i18n/ru/console';
import { createTranslator } from '../../frontend/src/i18n/translate';
import { ApiError } from '../../frontend/src/shared/api-error';

/**
 * The triage panel's refusals in the reader's language: the server's
 * English wording ("The assignee is not an enabled reviewer.") once showed
 * as it was in the Russian and Kazakh consoles.
 */
const CATALOGS: Record<Lang, Record<string, string>> = { en: enConsole, ru: ruConsole, kk: kkConsole };
const REFUSALS = [
  [422, 'unknown_assignee', 'The assignee is not an enabled reviewer.'],
  [400, 'reason_required', 'A status change needs a reason, and a reason goes with a status change.'],
  [400, 'duplicate_of_required', 'Closing as a duplicate needs the id of the report it duplicates.'],
  [400, 'duplicate_of_unexpected', 'Only a report closed as a duplicate names the report it duplicates.'],
  [422, 'invalid_duplicate', 'A report cannot duplicate itself.'],
  [400, 'status_not_allowed', 'No report is put back to "new"; choose "in review".'],
  [400, 'nothing_to_change', 'The change sets every field to what it already is.'],
] as const;

describe.each(['en', 'ru', 'kk'] as const)('in %s', (lang: Lang) => {
  const t = createTranslator(lang, CATALOGS[lang]);
  it.each(REFUSALS)('a %i %s is said in the catalog’s words, never the server’s', (status, code, serverWords) => {
    const key = triageRefusal(new ApiError(status, code, serverWords));
    expect(key).not.toBeNull();
    const said = t(key!);
    expect(said).toBe(CATALOGS[lang][key!]);
    expect(said).not.toBe(serverWords);
    if (lang !== 'en') expect(said).toMatch(/[а-яәғқңөұүһі]/i);
  });
});

it('anything else is left to the console’s usual handling (an ended session, a network failure, a 5xx)', () => {
  expect(triageRefusal(new ApiError(401, 'unauthorized', 'Log in again.'))).toBeNull();
  expect(triageRefusal(new ApiError(0, 'network', 'offline'))).toBeNull();
  expect(triageRefusal(new ApiError(500, 'internal', 'x'))).toBeNull();
  expect(triageRefusal(new Error('unknown_assignee'))).toBeNull();
});
