import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

import { isLang, LANGUAGES, type Lang, type MessageKey, type Messages } from './catalogs';
import { createTranslator, type Translate } from './translate';

export { LANGUAGES, isLang, type Lang, type MessageKey, type Messages, type Translate };

/** How a page fetches its catalogs for one language (a dynamic import, so each language is its own file). */
export type LoadMessages = (lang: Lang) => Promise<Messages>;

/**
 * The language comes from `?lang=`, else from the `<html lang>` the server
 * chose for this request (from `?lang=` or Accept-Language), and is kept in
 * the URL, never in storage: nothing is left on a reporter's device.
 */
export function initialLanguage(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  const fromServer = document.documentElement.lang;
  return isLang(fromServer) ? fromServer : 'ru';
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** Date and hour, in the reader's language and time zone. */
  formatHour(date: Date | string): string;
  /** A calendar date given as YYYY-MM-DD, written the reader's way. */
  formatDay(day: string): string;
  /** Date and time to the second (reviewers' own actions only: nothing a reporter did is this exact). */
  formatExact(date: Date | string): string;
}

/**
 * Browsers' Kazakh date data is thin (Chromium writes "2026 M11 25"), so Kazakh
 * pages use the numeric day.month.year form that Kazakhstan uses anyway.
 */
const DATE_LOCALES: Record<Lang, string> = { kk: 'ru-KZ', ru: 'ru-RU', en: 'en-GB' };

const I18nContext = createContext<I18n | null>(null);

/**
 * `initial` is already loaded (the page waits for it before its first render);
 * another language is fetched when chosen, and shown once it has arrived.
 */
export function I18nProvider({
  initial,
  load,
  children,
}: {
  initial: { lang: Lang; messages: Messages };
  load: LoadMessages;
  children: ReactNode;
}) {
  const [current, setCurrent] = useState(initial);
  const wanted = useRef<Lang>(initial.lang);
  const { lang, messages } = current;

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback(
    (next: Lang) => {
      wanted.current = next;
      load(next).then(
        (loaded) => {
          if (wanted.current !== next) return; // a later choice won
          setCurrent({ lang: next, messages: loaded });
          const url = new URL(window.location.href);
          url.searchParams.set('lang', next);
          window.history.replaceState(window.history.state, '', url);
        },
        () => {
          // The catalog could not be fetched (offline): stay in the language shown.
          if (wanted.current === next) wanted.current = lang;
        },
      );
    },
    [load, lang],
  );

  const value = useMemo<I18n>(() => {
    const numeric = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;
    const hourFormat = new Intl.DateTimeFormat(DATE_LOCALES[lang], { ...numeric, hour: '2-digit', minute: '2-digit' });
    const dayFormat = new Intl.DateTimeFormat(DATE_LOCALES[lang], { ...numeric, timeZone: 'UTC' });
    const exactFormat = new Intl.DateTimeFormat(DATE_LOCALES[lang], {
      ...numeric,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    return {
      lang,
      setLang,
      t: createTranslator(lang, messages),
      formatHour: (date) => hourFormat.format(new Date(date)),
      formatDay: (day) => dayFormat.format(new Date(`${day}T00:00:00Z`)),
      formatExact: (date) => exactFormat.format(new Date(date)),
    };
  }, [lang, messages, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n() outside <I18nProvider>');
  return context;
}
