import type { Request, RequestHandler, Response } from 'express';

import type { Logger } from '../logger';
import { isErrorLike } from './errors';

/** Distinct error details kept per hour; more are counted together, so memory stays bounded. */
const MAX_ERROR_DETAILS = 50;
const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
type StatusClass = (typeof STATUS_CLASSES)[number];

export type TrafficLog = ReturnType<typeof trafficLog>;

/** Marks a request as made by a logged-in reviewer (set by the route layer once the session checks out). */
export const markReviewer = (res: Response) => {
  res.locals.reviewer = true;
};
const byReviewer = (res: Response) => res.locals.reviewer === true;

/** The route pattern (method and path), never the raw URL, which could carry a value. */
function routeOf(req: Request, res: Response): string {
  const declared = res.locals.route as string | undefined;
  return declared ?? (req.originalUrl.startsWith('/api/') ? 'unmatched API path' : 'pages');
}

const statusClass = (status: number): StatusClass =>
  STATUS_CLASSES[Math.min(Math.max(Math.floor(status / 100) - 2, 0), 3)]!;

/**
 * What an error was, without anything a request put into it: long runs of
 * hex or base64 (ids, hashes, keys) are cut out of the message, and only the
 * place in the code where it arose is kept.
 */
export function errorDetail(error: unknown): string {
  if (!isErrorLike(error)) return typeof error;
  // Numbers vary from one occurrence to the next (connection numbers, ports, counts): without them the same
  // fault is the same line.
  const message = error.message
    .replace(/[A-Za-z0-9+/_=-]{16,}/g, '…')
    .replace(/\d+/g, '#')
    .slice(0, 200);
  const where = error.stack
    ?.split('\n')
    .find((line) => line.includes('/backend/') || line.includes('/crypto/'))
    ?.trim()
    .replace(/^at .*\((.*)\)$/, '$1')
    .replace(/^at /, '')
    .replace(/^.*\/(backend|crypto)\//, '$1/');
  return `${error.name}: ${message}${where ? ` (${where})` : ''}`;
}

/**
 * Logging that cannot date a reporter's request. Requests by a logged-in
 * reviewer are logged one by one (route, status, duration; their accounts
 * are known anyway). Every other request (reporter pages, configuration,
 * recipient keys, challenges, report submission, login) is only counted in
 * memory by route and status class; once an hour, on the hour, one line gives
 * the counts of the hour that ended, with the errors those requests met,
 * each distinct error once with how often it happened. A log collector that
 * stamps lines to the nanosecond then learns nothing finer than the hour.
 */
export function trafficLog(logger: Logger) {
  let counts = new Map<string, Record<StatusClass, number>>();
  let errors = new Map<string, number>();

  const count = (route: string, status: number) => {
    const row = counts.get(route) ?? { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
    row[statusClass(status)] += 1;
    counts.set(route, row);
  };

  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeOf(req, res);
      if (byReviewer(res)) {
        const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
        logger.info({ route, status: res.statusCode, ms }, 'request');
      } else count(route, res.statusCode);
    });
    next();
  };

  return {
    middleware,

    /**
     * A fault (5xx) met while answering a request: logged at once for a
     * reviewer, kept for the hourly line otherwise.
     */
    fault(req: Request, res: Response, error: unknown) {
      if (byReviewer(res)) {
        logger.error({ err: error, route: routeOf(req, res) }, 'request failed');
        return;
      }
      const detail = errors.has(errorDetail(error)) || errors.size < MAX_ERROR_DETAILS ? errorDetail(error) : 'other';
      errors.set(detail, (errors.get(detail) ?? 0) + 1);
    },

    /** Writes the line for the hour that ended and starts counting afresh. */
    flush() {
      const requests = Object.fromEntries(
        [...counts].map(([route, row]) => [route, Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0))]),
      );
      const faults = [...errors].map(([detail, times]) => ({ detail, times }));
      counts = new Map();
      errors = new Map();
      logger.info({ requests, faults }, 'requests not made by reviewers, in the hour that ended');
    },
  };
}
