import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * A strict policy: every script, style, worker and request comes from this
 * origin, nothing inline and no eval, so the pages load nothing a third party
 * could watch or change, and injected markup cannot run.
 */
export function securityHeaders({
  behindTls,
  previewFrames = false,
}: {
  behindTls: boolean;
  previewFrames?: boolean;
}): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        // The console previews decrypted images and PDFs in a sandboxed frame from a blob: URL, and streams a
        // download through a hidden same-origin frame its service worker answers; no other page frames anything.
        frameSrc: previewFrames ? ["'self'", 'blob:'] : ["'none'"],
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
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  res.set('Pragma', 'no-cache');
  next();
};

/** The pages need no device access; saying so closes it to anything injected. */
export const noClientHints: RequestHandler = (_req, res, next) => {
  res.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  next();
};
