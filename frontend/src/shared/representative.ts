import { z } from 'zod';

import { MAX_LINE_CHARS } from './report-fields';

/**
 * Who filed a report on the reporter's behalf (a lawyer or another
 * representative): the envelope's optional `representative` field
 * (crypto/src/report.ts), beside the report and, like it, only inside the
 * encryption. Absent when the reporter filed for themselves. Checked by the
 * form before sealing and by the console after decrypting; strict, so an
 * unknown field shows the report raw rather than silently dropped.
 */
const line = z.string().trim().min(1).max(MAX_LINE_CHARS);

export const representative = z.strictObject({
  name: line,
  /** Bar membership or licence number, as the representative writes it. */
  licence: line.optional(),
  /** How the agency may reach the representative (phone, e-mail, office address). */
  contact: line.optional(),
});

export type Representative = z.infer<typeof representative>;
