import type { Lang, Messages } from '../i18n';

/** The return page's catalogs: shared strings, the reporter's (the file picker's live there) and its own. */
const LOADERS: Record<Lang, () => Promise<[{ messages: Messages }, { messages: Messages }, { messages: Messages }]>> = {
  kk: () => Promise.all([import('../i18n/kk/shared'), import('../i18n/kk/report'), import('../i18n/kk/return')]),
  ru: () => Promise.all([import('../i18n/ru/shared'), import('../i18n/ru/report'), import('../i18n/ru/return')]),
  en: () => Promise.all([import('../i18n/en/shared'), import('../i18n/en/report'), import('../i18n/en/return')]),
};

export async function loadReturnMessages(lang: Lang): Promise<Messages> {
  const [shared, report, own] = await LOADERS[lang]();
  return { ...shared.messages, ...report.messages, ...own.messages };
}
