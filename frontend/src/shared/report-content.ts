import { z } from 'zod';

import { AGENCIES, MAX_TEXT_CHARS, REGIONS } from './report-fields';

export { AGENCIES, MAX_TEXT_CHARS, REGIONS };

/** What is inside the encrypted envelope (envelope version 1). Checked again after decryption. */
export const reportContent = z.object({
  whatHappened: z.string().trim().min(1).max(MAX_TEXT_CHARS),
  agency: z.enum(AGENCIES),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  region: z.enum(REGIONS).nullable(),
});
export type ReportContent = z.infer<typeof reportContent>;
