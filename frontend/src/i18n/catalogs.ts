/**
 * The message catalogs, one file per language and area, so a page loads only
 * its own language and its own area: the reporter page never downloads the
 * console's strings nor the languages it does not show. English defines the
 * keys; every other language must translate each one (the type checker and
 * tests/unit/i18n.test.ts enforce it). Messages are ICU MessageFormat.
 */
import type { messages as consoleMessages } from './en/console';
import type { messages as lawyerMessages } from './en/lawyer';
import type { messages as reportMessages } from './en/report';
import type { messages as returnMessages } from './en/return';
import type { messages as sharedMessages } from './en/shared';

export const LANGUAGES = [
  { code: 'kk', name: 'Қазақша' },
  { code: 'ru', name: 'Русский' },
  { code: 'en', name: 'English' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

export const isLang = (value: unknown): value is Lang => LANGUAGES.some((l) => l.code === value);

/** What every page says: the header, shared errors, agency and region names, the no-JavaScript notice. */
export type SharedMessages = Record<keyof typeof sharedMessages, string>;
/** The reporter page's own strings. */
export type ReportMessages = Record<keyof typeof reportMessages, string>;
/** The return page's own strings (coming back with the receipt). */
export type ReturnMessages = Record<keyof typeof returnMessages, string>;
/** Lawyers' access: the return page's access codes, the lawyer page, the console's lawyer threads. */
export type LawyerMessages = Record<keyof typeof lawyerMessages, string>;
/** The reviewer console's own strings. */
export type ConsoleMessages = Record<keyof typeof consoleMessages, string>;

export type MessageKey =
  keyof SharedMessages | keyof ReportMessages | keyof ReturnMessages | keyof ConsoleMessages | keyof LawyerMessages;
/** The messages one page has loaded for one language. */
export type Messages = Partial<Record<MessageKey, string>>;
