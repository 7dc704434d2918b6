import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { Router, type Request, type RequestHandler, type Response } from 'express';

import { chooseEncoding, chooseLanguage, ENCODINGS, type Encoding } from './negotiate';

/**
 * Serves the built pages (`npm run build` writes them to PUBLIC_DIR).
 *
 * - Every file is read into memory once, at start, with the brotli and gzip
 *   variants the build wrote beside it (`name.br`, `name.gz`). A request is
 *   answered from memory with the variant its Accept-Encoding prefers: nothing
 *   is compressed, decompressed or read from disk per request, so page loads
 *   do not wait on Node's thread pool (which password hashing also uses).
 * - A page (`/`, `/console/`) has one file per language, `index.<lang>.html`,
 *   with `<html lang>`, its `<noscript>` notice and its catalogs' preloads
 *   already in that language (frontend/build/pages-per-language.mts); the
 *   language is `?lang=`, else Accept-Language, else Russian.
 * - Only files the build wrote are served, by their exact path; anything else
 *   goes on to the plain 404. The files are those present at start.
 */
export function pages(publicDir: string): RequestHandler {
  const site = loadSite(publicDir);
  if (site.pages.size === 0) return notBuilt();

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const page = site.pages.get(req.path);
    if (page) {
      const lang = chooseLanguage(req.query.lang, req.get('accept-language'), [...page.keys()], DEFAULT_LANGUAGE);
      const file = page.get(lang) ?? page.values().next().value!;
      if (file.lang) res.set('Content-Language', file.lang);
      return send(req, res, file, 'Accept-Encoding, Accept-Language');
    }
    const file = site.files.get(req.path);
    if (file) return send(req, res, file, 'Accept-Encoding');
    if (site.pages.has(`${req.path}/`)) {
      // `/console` → `/console/`, keeping the query (the language); the target is one of our own paths.
      const query = req.originalUrl.indexOf('?');
      return res.redirect(301, `${req.path}/${query >= 0 ? req.originalUrl.slice(query) : ''}`);
    }
    next();
  };
}

/** Used when a page's languages include none the client asked for. */
const DEFAULT_LANGUAGE = 'ru';

interface StoredFile {
  type: string;
  /** The page's language, for `index.<lang>.html`. */
  lang: string | null;
  identity: Buffer;
  variants: Partial<Record<Encoding, Buffer>>;
}

interface Site {
  /** URL path → file, for everything but pages. */
  files: Map<string, StoredFile>;
  /** URL path of a page (ends with `/`) → its file per language (`''` for a lone index.html). */
  pages: Map<string, Map<string, StoredFile>>;
}

const PAGE_FILE = /^index(?:\.([a-z]{2}))?\.html$/;

function loadSite(publicDir: string): Site {
  const site: Site = { files: new Map(), pages: new Map() };
  if (!existsSync(publicDir)) return site;
  for (const relative of walk(publicDir)) {
    if (/\.(?:br|gz)$/.test(relative)) continue;
    const full = path.join(publicDir, relative);
    const urlPath = `/${relative.split(path.sep).join('/')}`;
    const pageMatch = PAGE_FILE.exec(path.basename(relative));
    const file: StoredFile = {
      type: contentType(relative),
      lang: pageMatch?.[1] ?? null,
      identity: readFileSync(full),
      variants: Object.fromEntries(
        ENCODINGS.flatMap((encoding) => {
          const variant = `${full}.${encoding === 'gzip' ? 'gz' : 'br'}`;
          return existsSync(variant) ? [[encoding, readFileSync(variant)]] : [];
        }),
      ),
    };
    if (pageMatch) {
      const pagePath = urlPath.slice(0, urlPath.lastIndexOf('/') + 1);
      const languages = site.pages.get(pagePath) ?? new Map<string, StoredFile>();
      languages.set(file.lang ?? '', file);
      site.pages.set(pagePath, languages);
    } else {
      site.files.set(urlPath, file);
    }
  }
  return site;
}

function send(req: Request, res: Response, file: StoredFile, vary: string) {
  const encoding = chooseEncoding(req.get('accept-encoding'), Object.keys(file.variants) as Encoding[]);
  const body = encoding ? file.variants[encoding]! : file.identity;
  res.status(200);
  res.set({ 'Content-Type': file.type, 'Content-Length': String(body.length), Vary: vary });
  if (encoding) res.set('Content-Encoding', encoding);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A plain explanation when the pages have not been built. */
function notBuilt(): RequestHandler {
  return Router().get('/{*any}', (_req, res) => {
    res
      .status(503)
      .type('text/plain')
      .send('The web pages are not built. Run `npm run build`, or start with `npm start`.');
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function* walk(root: string, dir = ''): Generator<string> {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) yield* walk(root, relative);
    else if (entry.isFile()) yield relative;
  }
}
