import { AUDIT_FILTER_ACTIONS } from '../../frontend/src/console/admin/auditActions';
import { messages as en } from '../../frontend/src/i18n/en/console';
import { messages as kk } from '../../frontend/src/i18n/kk/console';
import { messages as ru } from '../../frontend/src/i18n/ru/console';

/**
 * The audit log names each action in the administrator's language (its code
 * stays beside it, for `audit verify` and searches): the Russian and Kazakh
 * consoles showed only codes such as `reviewer-key.certify`.
 */
const CATALOGS: Record<string, Record<string, string>> = { en, ru, kk };

it.each(Object.keys(CATALOGS))('every action the server records has words in %s', (lang) => {
  const missing = AUDIT_FILTER_ACTIONS.filter((action) => !CATALOGS[lang]![`console.audit.action.${action}`]);
  expect(missing).toEqual([]);
  for (const action of AUDIT_FILTER_ACTIONS) expect(CATALOGS[lang]![`console.audit.action.${action}`]).not.toBe(action);
});
