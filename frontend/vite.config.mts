import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { pagesPerLanguage } from './build/pages-per-language.mts';
import { precompress } from './build/precompress.mts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** `frontend/src/i18n/<lang>/<area>.ts` becomes `assets/messages-<lang>-<area>-<hash>.js` (pages-per-language.mts reads it). */
function chunkFileNames({ facadeModuleId }: { facadeModuleId: string | null }): string {
  const catalog = /\/i18n\/(kk|ru|en)\/(\w+)\.ts$/.exec(facadeModuleId ?? '');
  // The console's PDF maker (pdf-lib, fontkit): loaded only when a reviewer makes a referral PDF.
  if (/\/referral\/referral-pdf\.ts$/.test(facadeModuleId ?? '')) return 'assets/referral-pdf-[hash].js';
  // Any other split chunk is code both pages share (React, the i18n runtime, the layout).
  return catalog ? `assets/messages-${catalog[1]}-${catalog[2]}-[hash].js` : 'assets/shared-[hash].js';
}

/**
 * Four pages (report, return, lawyer, console), each its own entry, so the reporter's pages never load the
 * console's code; each language's catalogs are their own files, loaded on
 * demand. OpenPGP.js is only in the worker bundle.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), pagesPerLanguage(), precompress()],
  resolve: {
    // OpenPGP.js's lightweight build fetches rarely used code (other curves, legacy ciphers,
    // argon2, bzip2) only when a message needs it, so the worker a reporter downloads is smaller.
    // Here rather than in crypto/src: Node (server, tests) keeps the full build.
    alias: [{ find: /^openpgp$/, replacement: 'openpgp/lightweight' }],
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Inline data: URLs would need a looser CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The referral PDF chunk (pdf-lib and fontkit, about 1.1 MB) loads only when a reviewer makes a PDF; the
    // default 500 kB warning printed advice to split it at every `npm start`. Any other chunk past this still warns.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        report: fileURLToPath(new URL('index.html', import.meta.url)),
        // Coming back with the receipt (/return/): the reporter's page for reading and answering the agency.
        return: fileURLToPath(new URL('return/index.html', import.meta.url)),
        console: fileURLToPath(new URL('console/index.html', import.meta.url)),
        // A lawyer's page (/lawyer/), opened with an access code the reporter issued.
        lawyer: fileURLToPath(new URL('lawyer/index.html', import.meta.url)),
      },
      output: {
        chunkFileNames,
        assetFileNames: ({ names }) =>
          names.some((n) => n.endsWith('.css')) ? 'assets/styles-[hash][extname]' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  worker: { format: 'es' },
});
