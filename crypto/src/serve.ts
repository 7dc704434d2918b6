import { createCryptoApi } from './api';
import type { SegmentIo } from './file-api';
import { serveApi, type ApiPort } from './serve-api';

/** The receiving side of a message channel: a Web Worker's global scope, or a MessagePort in tests. */
export type CryptoPort = ApiPort;

/** Answers crypto requests arriving on `port` (see serveApi for what crosses and what does not). */
export function serveCryptoApi(port: CryptoPort, io?: SegmentIo): void {
  serveApi(port, createCryptoApi({ io }));
}
