import { types } from 'node:util';

import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { z } from 'zod';

import type { TrafficLog } from './traffic';

/**
 * The one error type routes and services throw. `status` and `code` go to the
 * client; the message too unless the error is not public (5xx), in which case
 * the client gets a generic message and the log gets the detail.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly isPublic: boolean = status < 500,
    /** Response headers that go with this error, such as Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  override get name() {
    return 'AppError';
  }
}

export const badRequest = (code: string, message: string) => new AppError(400, code, message);
export const unauthorized = (message = 'Log in to continue.') => new AppError(401, 'unauthorized', message);
export const notFound = (code: string, message: string) => new AppError(404, code, message);

/** How long a client is told to wait when the database is not answering: a restart or a failover takes about this. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;

export const databaseUnavailable = () =>
  new AppError(503, 'database_unavailable', 'The database is not answering. Try again shortly.', true, {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });

/**
 * Driver errors that mean the database could not be reached or did not
 * answer in time (the timeouts are set in db/connect.ts), as opposed to a
 * refused or malformed operation, which stays a 500. Subclasses count too
 * (a pool cleared by a network error is a MongoNetworkError).
 */
const { mongo } = mongoose;
const UNREACHABLE = [
  mongo.MongoServerSelectionError,
  mongo.MongoNetworkError,
  mongo.MongoTopologyClosedError,
  mongo.MongoNotConnectedError,
  mongo.MongoOperationTimeoutError,
];
/** The same by name: an error made by another copy of the driver, or in another realm, fails `instanceof`. */
const UNREACHABLE_NAMES = new Set([
  ...UNREACHABLE.map((kind) => kind.name),
  'MongoNetworkTimeoutError',
  // No connection free in the pool within waitQueueTimeoutMS (db/connect.ts).
  'MongoWaitQueueTimeoutError',
  'MongoPoolClearedError',
  'MongooseServerSelectionError',
]);
/**
 * A socket error that reached a route unwrapped: the only connections a
 * request handler makes are to the database (a killed engine's socket file is
 * gone: ENOENT on connect).
 */
const SOCKET_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOENT']);
const SOCKET_CALLS = new Set(['connect', 'read', 'write']);

/**
 * An Error from any realm: Node's own errors (sockets, crypto) are made
 * outside a vm context such as jest's, where `instanceof Error` is false.
 */
export function isErrorLike(error: unknown): error is Error {
  return error instanceof Error || types.isNativeError(error);
}

function isDatabaseUnreachable(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  if (UNREACHABLE.some((kind) => error instanceof kind) || UNREACHABLE_NAMES.has(error.name)) return true;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code && syscall && SOCKET_FAILURES.has(code) && SOCKET_CALLS.has(syscall)) return true;
  // A batched insert that failed in the driver (not a write the engine refused) names no document: the
  // connection failed under it.
  if (
    error instanceof mongoose.mongo.MongoBulkWriteError &&
    !error.writeConcernError &&
    (Array.isArray(error.writeErrors) ? error.writeErrors.length === 0 : !error.writeErrors)
  ) {
    return true;
  }
  // mongoose refuses at once, without asking the driver, while its connection is down (bufferCommands: false).
  return (
    error instanceof mongoose.Error &&
    /before initial connection is complete|Connection was force closed/.test(error.message)
  );
}

/** Errors from body-parser carry a `type`; each becomes a 4xx that says what was wrong. */
const BODY_PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload_too_large', 'The request body is too large.'],
  'entity.parse.failed': [400, 'malformed_json', 'The request body must be a JSON object or array.'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'The request body encoding is not supported.'],
  'charset.unsupported': [415, 'unsupported_charset', 'The request body must be UTF-8.'],
  'request.aborted': [400, 'request_aborted', 'The request was aborted.'],
  'request.size.invalid': [400, 'request_size_invalid', 'The request body length does not match its header.'],
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return badRequest('invalid_request', `${where}${first?.message ?? 'invalid request'}`);
  }
  if (isDatabaseUnreachable(error)) return databaseUnavailable();
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type === 'string' && BODY_PARSER_ERRORS[type]) {
    const [bodyStatus, code, message] = BODY_PARSER_ERRORS[type];
    return new AppError(bodyStatus, code, message);
  }
  // Express and its static file server flag the client's mistakes (a broken %-escape in a path, say) with a 4xx status.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return error instanceof URIError
      ? new AppError(400, 'malformed_url', 'The URL contains an invalid %-escape.')
      : new AppError(status, 'bad_request', 'The request is not valid.');
  }
  return new AppError(500, 'internal_error', 'Something went wrong on the server.', false);
}

export function errorHandler(traffic: TrafficLog): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = toAppError(error);
    // Faults are recorded (at once for reviewers, in the hourly line otherwise: http/traffic.ts); expected states
    // such as 503 before setup are only answered.
    if (appError.status >= 500 && appError.code !== 'not_set_up') traffic.fault(req, res, error);
    const message = appError.isPublic ? appError.message : 'Something went wrong on the server.';
    res.set(appError.headers);
    res.status(appError.status).json({ error: { code: appError.code, message } });
  };
}

export const apiNotFound: RequestHandler = (_req, _res, next) => {
  next(notFound('not_found', 'There is no such API endpoint.'));
};

export const pageNotFound: RequestHandler = (_req, res) => {
  res.status(404).type('text/plain').send('Not found.');
};
