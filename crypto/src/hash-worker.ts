/**
 * Web Worker entry for hashing evidence files: a second worker, so that the
 * whole-file SHA-256 runs on another core while the crypto worker encrypts.
 * It holds no keys and loads no OpenPGP code.
 */
import { createHashApi } from './file-hash';
import { serveApi, type ApiPort } from './serve-api';

serveApi(globalThis as unknown as ApiPort, createHashApi());
