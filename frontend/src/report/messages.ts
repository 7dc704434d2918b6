import type { Lang, Messages } from '../i18n';

/**
 * The reporter page's catalogs: shared and reporter strings of one language,
 * each its own file. Written out per language so the bundler can split them;
 * the server's page for a language preloads that language's two files.
 */
const LOADERS: Record<Lang, () => Promise<[{ messages: Messages }, { messages: Messages }]>> = {
  kk: () => Promise.all([import('../i18n/kk/shared'), import('../i18n/kk/report')]),
  ru: () => Promise.all([import('../i18n/ru/shared'), import('../i18n/ru/report')]),
  en: () => Promise.all([import('../i18n/en/shared'), import('../i18n/en/report')]),
};

export async function loadReporterMessages(lang: Lang): Promise<Messages> {
  const [shared, report] = await LOADERS[lang]();
  return { ...shared.messages, ...report.messages };
}
