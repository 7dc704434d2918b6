import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { en, type Catalog, type MessageKey } from './en';
import { kk } from './kk';
import { ru } from './ru';

export const LANGUAGES = [
  { code: 'kk', name: 'Қазақша' },
  { code: 'ru', name: 'Русский' },
  { code: 'en', name: 'English' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];
export type { MessageKey };

export const CATALOGS: Record<Lang, Catalog> = { en, ru, kk };

const isLang = (value: string | null): value is Lang => LANGUAGES.some((l) => l.code === value);

/**
 * The language comes from `?lang=` or the browser, and is kept in the URL,
 * not in storage: nothing is left on a reporter's device.
 */
function initialLanguage(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  for (const preferred of navigator.languages ?? []) {
    const base = preferred.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return 'ru';
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = CATALOGS[lang][key];
  return vars ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(vars[name] ?? match)) : template;
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Date and hour, in the reader's language and time zone. */
  formatHour(date: Date | string): string;
  /** A calendar date given as YYYY-MM-DD, written the reader's way. */
  formatDay(day: string): string;
}

/**
 * Browsers' Kazakh date data is thin (Chromium writes "2026 M11 25"), so Kazakh
 * pages use the numeric day.month.year form that Kazakhstan uses anyway.
 */
const DATE_LOCALES: Record<Lang, string> = { kk: 'ru-KZ', ru: 'ru-RU', en: 'en-GB' };

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    const url = new URL(window.location.href);
    url.searchParams.set('lang', next);
    window.history.replaceState(null, '', url);
  }, []);

  const value = useMemo<I18n>(() => {
    const numeric = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;
    const hourFormat = new Intl.DateTimeFormat(DATE_LOCALES[lang], { ...numeric, hour: '2-digit', minute: '2-digit' });
    const dayFormat = new Intl.DateTimeFormat(DATE_LOCALES[lang], { ...numeric, timeZone: 'UTC' });
    return {
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      formatHour: (date) => hourFormat.format(new Date(date)),
      formatDay: (day) => dayFormat.format(new Date(`${day}T00:00:00Z`)),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n() outside <I18nProvider>');
  return context;
}
