const UNITS: Record<string, string[]> = {
  en: ['B', 'KB', 'MB', 'GB'],
  ru: ['Б', 'КБ', 'МБ', 'ГБ'],
  kk: ['Б', 'КБ', 'МБ', 'ГБ'],
};

/** A size for people: 1 decimal above a kilobyte, in binary units (what file managers show), with the language's unit names. */
export function formatBytes(bytes: number, lang: string): string {
  const units = UNITS[lang] ?? UNITS.en!;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number =
    unit === 0 ? String(value) : value.toLocaleString(lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 1 });
  return `${number} ${units[unit]}`;
}
