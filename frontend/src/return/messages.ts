import type { Lang, Messages } from '../i18n';

type Catalog = { messages: Messages };

/**
 * The return page's catalogs: shared strings, the reporter's (the file picker's live there), its own, and
 * the lawyers' (the access codes a reporter issues).
 */
const LOADERS: Record<Lang, () => Promise<[Catalog, Catalog, Catalog, Catalog]>> = {
  kk: () =>
    Promise.all([
      import('../i18n/kk/shared'),
      import('../i18n/kk/report'),
      import('../i18n/kk/return'),
      import('../i18n/kk/lawyer'),
    ]),
  ru: () =>
    Promise.all([
      import('../i18n/ru/shared'),
      import('../i18n/ru/report'),
      import('../i18n/ru/return'),
      import('../i18n/ru/lawyer'),
    ]),
  en: () =>
    Promise.all([
      import('../i18n/en/shared'),
      import('../i18n/en/report'),
      import('../i18n/en/return'),
      import('../i18n/en/lawyer'),
    ]),
};

export async function loadReturnMessages(lang: Lang): Promise<Messages> {
  const [shared, report, own, lawyer] = await LOADERS[lang]();
  return { ...shared.messages, ...report.messages, ...own.messages, ...lawyer.messages };
}
