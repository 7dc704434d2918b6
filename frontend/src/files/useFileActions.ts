import { useMemo } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { getSegment } from '../console/consoleApi';
import { startCrypto, startHashWorker } from '../shared/crypto';
import type { SaveDeps } from './saveAttachment';

/** Binds the console's file operations to its session and unlocked key (components call these, never the crypto layer). */
export function useFileActions(token: string, keyRef: KeyRef) {
  return useMemo(() => {
    const crypto = startCrypto();
    const hasher = startHashWorker();
    const deps: SaveDeps = {
      // Saving is an export in the file's custody; a preview (below) is an opening.
      getSegment: (id, index, signal) => getSegment(token, id, index, signal, 'export'),
      decryptFileSegment: ({ encryptedSegment }) =>
        crypto.decryptFileSegment({ encryptedSegment, keyRef }) as Promise<{ plaintext: Uint8Array<ArrayBuffer> }>,
      startHash: () => hasher.startHash({}),
      updateHash: (o) => hasher.updateHash(o),
      finishHash: (o) => hasher.finishHash(o),
    };
    const previewDeps: SaveDeps = {
      ...deps,
      getSegment: (id, index, signal) => getSegment(token, id, index, signal, 'open'),
    };
    return { deps, previewDeps, keyRef: keyRef as string, token };
  }, [token, keyRef]);
}
