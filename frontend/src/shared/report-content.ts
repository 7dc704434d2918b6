import { z } from 'zod';

/** The structured facts a reviewer needs to judge Article 412-1 (DOMAIN.md); more fields join later. */
export const AGENCIES = [
  'police',
  'anti_corruption',
  'financial_monitoring',
  'prosecutor',
  'national_security',
  'customs',
  'other',
] as const;

/** Kazakhstan's three cities of republican significance, then its seventeen regions. */
export const REGIONS = [
  'astana',
  'almaty_city',
  'shymkent',
  'abai',
  'akmola',
  'aktobe',
  'almaty_region',
  'atyrau',
  'east_kazakhstan',
  'zhambyl',
  'zhetysu',
  'west_kazakhstan',
  'karaganda',
  'kostanay',
  'kyzylorda',
  'mangystau',
  'pavlodar',
  'north_kazakhstan',
  'turkistan',
  'ulytau',
] as const;

export const MAX_TEXT_CHARS = 20_000;

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
