/**
 * The browser's crypto worker: the crypto API (crypto/src/serve.ts) with the
 * page's way of sending evidence-file segments, so a segment is uploaded
 * from where it was encrypted (crypto/src/file-api.ts says why).
 */
import { serveCryptoApi, type CryptoPort } from '../../../crypto/src/serve';
import { segmentIo } from '../files/segment-io';

serveCryptoApi(globalThis as unknown as CryptoPort, segmentIo);
