import type { NextFunction, Request, Response } from 'express';

import { AppError } from './errors';

/**
 * Bodies of one media type that this instance checks at once. Each costs
 * memory while it is checked (about 6 MiB for a 400 KB JSON body, measured
 * with 100 in parallel; a 4 MiB segment is buffered whole), so without a
 * bound a flood of parallel bodies, each within its own size limit, grows the
 * server without end. 32 of each keeps that to a few hundred MiB; a
 * reporter's page sends one request at a time and waits for `Retry-After`.
 */
export const BODIES_IN_FLIGHT = 32;

/**
 * Admits at most `max` requests with a body of `type` at a time; the next gets
 * `503 server_busy` with `Retry-After`, and its connection is closed. Where
 * it stands decides what a place covers: after the JSON parser, only the
 * checking (a client that sends its body slowly holds no place); before the
 * segment reader, the reading too (a segment is buffered whole, so that
 * memory needs the bound). A place is given back when the answer is sent or
 * the connection drops, whichever comes first.
 */
export function admitBodies({ type, max = BODIES_IN_FLIGHT }: { type: string; max?: number | undefined }) {
  let inFlight = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(type)) return next();
    if (inFlight >= max) {
      throw new AppError(503, 'server_busy', 'The server is receiving many requests. Try again in a moment.', true, {
        'Retry-After': '2',
        Connection: 'close',
      });
    }
    inFlight += 1;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      inFlight -= 1;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
