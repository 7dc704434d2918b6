import type { Lang, Messages } from '../i18n';

/** The console's catalogs: shared and console strings of one language (see report/messages.ts). */
const LOADERS: Record<Lang, () => Promise<[{ messages: Messages }, { messages: Messages }]>> = {
  kk: () => Promise.all([import('../i18n/kk/shared'), import('../i18n/kk/console')]),
  ru: () => Promise.all([import('../i18n/ru/shared'), import('../i18n/ru/console')]),
  en: () => Promise.all([import('../i18n/en/shared'), import('../i18n/en/console')]),
};

export async function loadConsoleMessages(lang: Lang): Promise<Messages> {
  const [shared, own] = await LOADERS[lang]();
  return { ...shared.messages, ...own.messages };
}
