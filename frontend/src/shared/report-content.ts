import { z } from 'zod';

import { MAX_TEXT_CHARS, REGIONS, V1_AGENCIES } from './report-fields';

/**
 * What is inside the encrypted envelope, version 1: the first form's four
 * fields. No browser sends it any more (see report-v2.ts); the console reads
 * the reports sent with it, and gpg users may still write it by hand.
 */
export const reportContent = z.object({
  whatHappened: z.string().trim().min(1).max(MAX_TEXT_CHARS),
  agency: z.enum(V1_AGENCIES),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  region: z.enum(REGIONS).nullable(),
});
export type ReportContent = z.infer<typeof reportContent>;
