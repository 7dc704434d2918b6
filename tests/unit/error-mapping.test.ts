import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

import { isErrorLike, toAppError } from '../../backend/src/http/errors';
import { errorDetail } from '../../backend/src/http/traffic';

/**
 * Errors made outside this module's realm (Node's own socket errors under a
 * vm context such as jest's, or another copy of the driver) fail `instanceof
 * Error`; the mapping must not turn an unreachable database into a 500 for
 * that, and the hourly fault line must still name the error. A CI run saw a
 * 500 whose fault detail was only "object".
 */
const foreign = (source: string) => vm.runInNewContext(source) as unknown;

/** A real socket error from Node: connecting to a Unix socket that is not there, as to a killed engine's. */
const socketError = () =>
  new Promise<unknown>((resolve) => {
    const socket = net.connect({ path: path.join(os.tmpdir(), `w412-no-engine-${process.pid}.sock`) });
    socket.once('error', resolve);
  });

describe('errors from another realm', () => {
  it('are errors all the same, and the fault line names them', () => {
    const error = foreign('new TypeError("broken " + 12345)');
    expect(error instanceof Error).toBe(false);
    expect(isErrorLike(error)).toBe(true);
    expect(errorDetail(error)).toMatch(/^TypeError: broken #/);
    expect(errorDetail('a string')).toBe('string');
  });

  it('a driver error known by name means the database is unreachable: 503 with Retry-After', () => {
    const error = foreign(
      'class E extends Error {}; Object.defineProperty(E.prototype, "name", { value: "MongoNetworkError" }); new E("connection 3 to socket closed")',
    );
    const mapped = toAppError(error);
    expect([mapped.status, mapped.code, mapped.headers['Retry-After']]).toEqual([503, 'database_unavailable', '10']);
  });

  it('no connection free in the pool in time (waitQueueTimeoutMS) is a 503', () => {
    const error = foreign(
      'class E extends Error {}; Object.defineProperty(E.prototype, "name", { value: "MongoWaitQueueTimeoutError" }); new E("Timed out while checking out a connection from connection pool")',
    );
    expect([toAppError(error).status, toAppError(error).code]).toEqual([503, 'database_unavailable']);
  });

  it("a socket error from Node itself (the engine's socket gone) is a 503, not a 500", async () => {
    const error = await socketError();
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect([toAppError(error).status, toAppError(error).code]).toEqual([503, 'database_unavailable']);
  });

  it('any other error stays a 500 whatever its realm, and a file error is not mistaken for the database', () => {
    expect(toAppError(foreign('new RangeError("x")')).status).toBe(500);
    const fileError = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open' });
    expect(toAppError(fileError).status).toBe(500);
    expect(toAppError(42).status).toBe(500);
  });
});
