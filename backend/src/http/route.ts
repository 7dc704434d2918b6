import type { Request, Response, Router } from 'express';
import type { z } from 'zod';

import { AppError, unauthorized } from './errors';

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
};

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, A extends Access = Access> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  access: A;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful response; 200 unless given. */
  status?: number;
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
    router[spec.method](spec.path, async (req: Request, res: Response) => {
      res.locals.route = `${spec.method.toUpperCase()} /api${spec.path}`;
      let session: AuthSession | null = null;
      if (spec.access !== 'public') {
        const token = bearerToken(req);
        if (!token) throw unauthorized();
        session = await authenticate(token);
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
      };
      const result = await spec.handle(input as never);
      res.status(spec.status ?? 200);
      if (result === undefined) res.end();
      else res.json(result);
    });
  }
  for (const [path, methods] of methodsByPath) {
    router.all(path, (_req: Request, res: Response) => {
      res.set('Allow', methods.join(', '));
      throw new AppError(405, 'method_not_allowed', `Use ${methods.join(' or ')} here.`);
    });
  }
}
