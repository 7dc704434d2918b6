import { IntlMessageFormat } from 'intl-messageformat';
import type { Plugin, Rolldown } from 'vite';

/** Where chunkFileNames puts each catalog, so the pages, the server and the tests can tell languages apart. */
export const CATALOG_CHUNK = /^assets\/messages-([a-z]{2})-(\w+)-/;

const NOTICE_KEYS = ['noscript.title', 'noscript.why', 'noscript.torBrowser', 'noscript.otherBrowsers'] as const;

/**
 * Turns each built page (index.html) into one file per language,
 * `index.<lang>.html`, which the server picks by `?lang=`:
 * - `<html lang>` is right before any script runs (screen readers, hyphenation, fonts);
 * - the page preloads its own language's catalogs, and no other;
 * - a `<noscript>` notice in that language says why the page needs JavaScript
 *   and how to allow it for this site only (Tor Browser's "Safest" turns it off).
 * All at build time, so serving a page costs nothing. The notice's words come
 * from the same built catalog the page preloads.
 */
export function pagesPerLanguage(): Plugin {
  return {
    name: 'whistle412-pages-per-language',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const notices = await noticesByLanguage(bundle);
      for (const asset of Object.values(bundle)) {
        if (asset.type !== 'asset' || !asset.fileName.endsWith('index.html')) continue;
        const html = String(asset.source);
        const catalogs = catalogChunks(bundle, html);
        for (const [lang, notice] of notices) {
          this.emitFile({
            type: 'asset',
            fileName: asset.fileName.replace(/index\.html$/, `index.${lang}.html`),
            source: pageFor(
              html,
              lang,
              notice,
              catalogs.filter((file) => CATALOG_CHUNK.exec(file)?.[1] === lang),
            ),
          });
        }
        delete bundle[asset.fileName];
      }
    },
  };
}

/** The notice's paragraphs in each language, read by running the built shared catalog (a module with no imports). */
async function noticesByLanguage(bundle: Rolldown.OutputBundle): Promise<Map<string, string[]>> {
  const notices = new Map<string, string[]>();
  for (const chunk of Object.values(bundle)) {
    const [, lang, area] = CATALOG_CHUNK.exec(chunk.fileName) ?? [];
    if (chunk.type !== 'chunk' || !lang || area !== 'shared') continue;
    if (chunk.imports.length > 0) throw new Error(`${chunk.fileName} imports other modules; a catalog must not`);
    const url = `data:text/javascript;base64,${Buffer.from(chunk.code).toString('base64')}`;
    const { messages } = (await import(url)) as { messages: Record<string, string> };
    notices.set(
      lang,
      NOTICE_KEYS.map((key) => {
        if (!messages[key]) throw new Error(`${chunk.fileName} has no ${key}`);
        return escapeHtml(String(new IntlMessageFormat(messages[key], lang).format()));
      }),
    );
  }
  if (notices.size === 0) throw new Error('no shared catalog chunk found (assets/messages-<lang>-shared-*.js)');
  return notices;
}

/** The catalog chunks the page's entry script may import (all languages). */
function catalogChunks(bundle: Rolldown.OutputBundle, html: string): string[] {
  const entry = /<script type="module" crossorigin src="\/([^"]+)"/.exec(html)?.[1];
  const chunk = entry ? bundle[entry] : undefined;
  if (!chunk || chunk.type !== 'chunk') throw new Error(`no entry script found in a built page:\n${html}`);
  return chunk.dynamicImports.filter((file) => CATALOG_CHUNK.test(file));
}

function pageFor(html: string, lang: string, [title, ...paragraphs]: string[], catalogs: string[]): string {
  const preloads = catalogs.map((file) => `    <link rel="modulepreload" crossorigin href="/${file}">\n`).join('');
  const notice = [
    '    <noscript>',
    '      <div class="noscript">',
    `        <h1>${title}</h1>`,
    ...paragraphs.map((text) => `        <p>${text}</p>`),
    '      </div>',
    '    </noscript>',
  ].join('\n');
  const page = html
    .replace(/<html lang="[^"]*">/, `<html lang="${lang}">`)
    .replace(/\n\s*<\/head>/, `\n${preloads}  </head>`)
    .replace(/<body>\n/, `<body>\n${notice}\n`);
  if (!page.includes(`<html lang="${lang}">`) || !page.includes('<noscript>') || catalogs.length === 0) {
    throw new Error(`pagesPerLanguage could not place <html lang>, the notice or the ${lang} catalogs`);
  }
  return page;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
