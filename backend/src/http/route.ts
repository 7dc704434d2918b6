import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';

import { AppError, unauthorized } from './errors';
import { markReviewer } from './traffic';

/** Who made a request to a reviewer route, as the session says. */
export interface AuthSession {
  reviewerId: string;
  username: string;
  roles: string[];
  /** The presented token, so the route that ends a session can name it. */
  token: string;
}

export type Authenticate = (token: string) => Promise<AuthSession>;
/** `administrator`: a reviewer whose session carries the administrator role; checked on the server for every route. */
export type Access = 'public' | 'reviewer' | 'administrator';

type Input<P, Q, B, A extends Access> = {
  params: P;
  query: Q;
  body: B;
  session: A extends 'public' ? null : AuthSession;
  /** The `Authorization: Bearer` token, for routes that declare `bearer` (an upload token, say); null if absent. */
  bearer: string | null;
  /** The binary body, for routes that declare `rawBody`. */
  rawBody: Buffer | null;
};

/** A handler's answer when its status depends on the outcome (201 created, 200 already there). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** A handler's answer that is bytes, not JSON (an encrypted segment, say). */
export interface BinaryReply {
  readonly binary: Buffer;
  readonly contentType: string;
}

export const binaryReply = (binary: Buffer, contentType = 'application/octet-stream'): BinaryReply => ({
  binary,
  contentType,
});

const isBinaryReply = (value: unknown): value is BinaryReply =>
  typeof value === 'object' && value !== null && 'binary' in value && Buffer.isBuffer(value.binary);

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, A extends Access = Access> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  access: A;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful response; 200 unless given. */
  status?: number;
  /** The handler receives the bearer token of a public route (a capability token rather than a session). */
  bearer?: boolean;
  /** The body is binary, `application/octet-stream`, of at most `limit` bytes. */
  rawBody?: { limit: number };
  handle(input: Input<P, Q, B, A>): Promise<unknown>;
}

/** One declaration per route: method, path, who may call it, the schemas of its input, and the handler. */
export function defineRoute<P = unknown, Q = unknown, B = unknown, A extends Access = Access>(
  spec: RouteSpec<P, Q, B, A>,
) {
  return spec as unknown as RouteSpec;
}

function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  const match = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  return match?.[1] ?? null;
}

export function mountRoutes(router: Router, routes: RouteSpec[], authenticate: Authenticate): void {
  const methodsByPath = new Map<string, string[]>();
  for (const spec of routes) {
    methodsByPath.set(spec.path, [...(methodsByPath.get(spec.path) ?? []), spec.method.toUpperCase()]);
    const name = (_req: Request, res: Response, next: NextFunction) => {
      res.locals.route = `${spec.method.toUpperCase()} /api${spec.path}`;
      next();
    };
    router[spec.method](spec.path, name, ...binaryBody(spec), async (req: Request, res: Response) => {
      let session: AuthSession | null = null;
      if (spec.access !== 'public') {
        const token = bearerToken(req);
        if (!token) throw unauthorized();
        session = await authenticate(token);
        markReviewer(res);
        if (spec.access === 'administrator' && !session.roles.includes('administrator')) {
          throw new AppError(403, 'forbidden', 'Only an administrator may do this.');
        }
      }
      if (spec.body && !req.is('application/json')) {
        throw new AppError(415, 'unsupported_media_type', 'Send the request body as application/json.');
      }
      const input = {
        params: spec.params ? spec.params.parse(req.params) : req.params,
        query: spec.query ? spec.query.parse(req.query) : {},
        body: spec.body ? spec.body.parse(req.body) : undefined,
        session,
        bearer: spec.bearer ? bearerToken(req) : null,
        rawBody: spec.rawBody ? (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)) : null,
      };
      const result = await spec.handle(input as never);
      if (result instanceof Reply) {
        res.status(result.status).json(result.body);
        return;
      }
      res.status(spec.status ?? 200);
      if (result === undefined) res.end();
      else if (isBinaryReply(result)) res.type(result.contentType).send(result.binary);
      else res.json(result);
    });
  }
  for (const [path, methods] of methodsByPath) {
    router.all(path, (req: Request, res: Response) => {
      res.locals.route = `${req.method} /api${path}`;
      res.set('Allow', methods.join(', '));
      throw new AppError(405, 'method_not_allowed', `Use ${methods.join(' or ')} here.`);
    });
  }
}

/**
 * For a route with a binary body: refuses another media type (415) or a
 * declared length over the limit (413) before reading, then reads at most
 * `limit` bytes into a Buffer.
 */
function binaryBody(spec: RouteSpec) {
  if (!spec.rawBody) return [];
  const { limit } = spec.rawBody;
  const check = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is('application/octet-stream')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the request body as application/octet-stream.');
    }
    next();
  };
  return [
    check,
    refuseDeclaredOver(limit, 'application/octet-stream'),
    // Never inflated: a compressed segment is 415 unsupported_encoding.
    express.raw({ type: 'application/octet-stream', limit, inflate: false }),
  ];
}

/**
 * Refuses a body of this media type whose declared Content-Length is over
 * `limit` with 413 at once, and closes the connection: the body parser would
 * otherwise read (and drop) all of it before answering, however large.
 */
export function refuseDeclaredOver(limit: number, type: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.is(type) && Number(req.get('content-length') ?? 0) > limit) {
      throw new AppError(413, 'payload_too_large', `The request body may be at most ${limit} bytes.`, true, {
        Connection: 'close',
      });
    }
    next();
  };
}
