import type { Lang, Messages } from '../i18n';

type Catalog = { messages: Messages };

/**
 * The console's catalogs: shared and console strings of one language (see report/messages.ts), and the
 * lawyers' (the console's lawyer threads).
 */
const LOADERS: Record<Lang, () => Promise<[Catalog, Catalog, Catalog]>> = {
  kk: () => Promise.all([import('../i18n/kk/shared'), import('../i18n/kk/console'), import('../i18n/kk/lawyer')]),
  ru: () => Promise.all([import('../i18n/ru/shared'), import('../i18n/ru/console'), import('../i18n/ru/lawyer')]),
  en: () => Promise.all([import('../i18n/en/shared'), import('../i18n/en/console'), import('../i18n/en/lawyer')]),
};

export async function loadConsoleMessages(lang: Lang): Promise<Messages> {
  const [shared, own, lawyer] = await LOADERS[lang]();
  return { ...shared.messages, ...own.messages, ...lawyer.messages };
}
