import type { RequestHandler } from 'express';

import type { Logger } from '../logger';

/**
 * One line per request: the route pattern (method and path) (never the raw URL, which
 * could carry a lookup value), status and duration. No address, no user
 * agent, no headers, no body.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const declared = res.locals.route as string | undefined;
      const route = declared ?? (req.originalUrl.startsWith('/api/') ? 'unmatched' : 'static');
      logger.info(
        { route, status: res.statusCode, ms: Number((process.hrtime.bigint() - started) / 1_000_000n) },
        'request',
      );
    });
    next();
  };
}
