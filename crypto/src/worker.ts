/**
 * Web Worker entry: serves the crypto API to the page over postMessage, so
 * encryption never blocks the page and unlocked keys stay in this worker.
 */
import { serveCryptoApi, type CryptoPort } from './serve';

serveCryptoApi(globalThis as unknown as CryptoPort);
