import { IntlMessageFormat } from 'intl-messageformat';

import type { Lang, MessageKey, Messages } from './catalogs';

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * Formats a page's ICU messages in one language, so counts read right
 * (Russian one/few/many, Kazakh, English) and numbers are grouped the
 * language's way. Each message is parsed once, on first use.
 */
export function createTranslator(lang: Lang, messages: Messages): Translate {
  const compiled = new Map<MessageKey, IntlMessageFormat>();
  return (key, values) => {
    const source = messages[key];
    if (source === undefined) return key;
    try {
      let format = compiled.get(key);
      if (!format) {
        format = new IntlMessageFormat(source, lang);
        compiled.set(key, format);
      }
      return String(format.format(values));
    } catch {
      // A missing value must not take the page down; tests/unit/i18n.test.ts keeps this path unused.
      return source;
    }
  };
}
