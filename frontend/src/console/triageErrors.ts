import type { MessageKey } from '../i18n/catalogs';
import { ApiError } from '../shared/api-error';

/** The triage refusals a reviewer can cause and fix, each with its words in the console's catalogs. */
const REFUSALS: Record<string, MessageKey> = {
  unknown_assignee: 'console.triage.error.unknownAssignee',
  reason_required: 'console.triage.error.reasonRequired',
  duplicate_of_required: 'console.triage.error.duplicateOfRequired',
  duplicate_of_unexpected: 'console.triage.error.duplicateOfUnexpected',
  invalid_duplicate: 'console.triage.error.invalidDuplicate',
  status_not_allowed: 'console.triage.error.statusNotAllowed',
  nothing_to_change: 'console.triage.error.nothingToChange',
};

/**
 * What to tell the reviewer when the server refused a triage change, as a
 * catalog key (the server's own message is English); null for everything the
 * console handles the usual way (an ended session, the network, a 5xx).
 */
export function triageRefusal(error: unknown): MessageKey | null {
  if (!(error instanceof ApiError) || error.status >= 500) return null;
  return Object.hasOwn(REFUSALS, error.code) ? REFUSALS[error.code]! : null;
}
