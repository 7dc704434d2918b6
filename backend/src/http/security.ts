import type { IncomingMessage, ServerResponse } from 'node:http';

import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * A strict policy: every script, style, worker and request comes from this
 * origin, nothing inline and no eval, so the pages load nothing a third party
 * could watch or change, and injected markup cannot run.
 */
function helmetFor({ behindTls, previews = false }: { behindTls: boolean; previews?: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // blob: on the console only: decrypted images shown in an <img> (no script runs in one).
        imgSrc: previews ? ["'self'", 'blob:'] : ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        // The console previews decrypted images and PDFs in a sandboxed frame from a blob: URL, and streams a
        // download through a hidden same-origin frame its service worker answers; no other page frames anything.
        frameSrc: previews ? ["'self'", 'blob:'] : ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: { policy: 'require-corp' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // The same rule as frame-ancestors 'none', for browsers that read only the older header.
    xFrameOptions: { action: 'deny' },
    // HSTS over plain HTTP means nothing, and on a wrongly configured proxy it can lock users out:
    // sent only where the deployment says TLS is in front (BEHIND_TLS).
    strictTransportSecurity: behindTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

/** No cache, in the browser or between, may keep a page or an answer. */
const NO_STORE: [string, string][] = [
  ['Cache-Control', 'no-store'],
  ['Pragma', 'no-cache'],
];

/** The pages need no device access; saying so closes it to anything injected. */
const NO_CLIENT_HINTS: [string, string][] = [
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
];

/**
 * Every header every answer carries: helmet's (the policy above), no-store
 * and the permissions policy. They depend on nothing in a request, so they
 * are worked out once, by letting helmet write them to a stand-in response,
 * and each request gets the finished list: the same headers as helmet's
 * dozen middlewares in a row, for a loop of `setHeader` (the submission path
 * spends its time on checks, not on repeating constant work).
 */
export function securityHeaders(options: { behindTls: boolean; previews?: boolean }): RequestHandler {
  const headers: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a value that is not a string`);
      headers.push([name, value]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let failed: unknown = 'helmet did not finish synchronously';
  helmetFor(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failed = error ?? null;
  });
  if (failed !== null) throw failed instanceof Error ? failed : new Error(String(failed));
  headers.push(...NO_STORE, ...NO_CLIENT_HINTS);
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
