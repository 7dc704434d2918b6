import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import type { Plugin } from 'vite';

/**
 * Text formats worth compressing, and TrueType (the referral PDF's font, 740 KB, about half that compressed);
 * images and WOFF2 fonts are compressed already, or tiny.
 */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest|ttf)$/;

/**
 * Writes `name.br` (brotli, strongest) and `name.gz` (gzip -9) beside every
 * built text file, once, at build time, so the server sends them as they are
 * (backend/src/http/pages.ts) and never compresses per request. A variant that
 * would not be smaller is not written: the server then sends the original.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'whistle412-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const original = readFileSync(file);
        const brotli = brotliCompressSync(original, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
          },
        });
        const gzip = gzipSync(original, { level: 9 });
        if (brotli.length < original.length) writeFileSync(`${file}.br`, brotli);
        if (gzip.length < original.length) writeFileSync(`${file}.gz`, gzip);
      }
    },
  };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
