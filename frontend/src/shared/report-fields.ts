/**
 * The form's field values, apart from the schema in report-content.ts: the
 * reporter page needs these lists but not zod (78 KB), which only the console
 * uses to check decrypted reports.
 */
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
