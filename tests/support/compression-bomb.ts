import { createMessage, encrypt, enums, readKey } from 'openpgp';

import { MAX_DECOMPRESSED_REPORT_BYTES } from '../../crypto/src/profile';

/**
 * A well-formed message, really encrypted to the given key, whose zlib-compressed literal data inflates one byte
 * past the reader's limit: sixteen MiB of zeros compress to a few KiB, so only the limit stops a reader.
 */
export async function encryptedCompressionBomb(armoredPublicKey: string): Promise<string> {
  return encrypt({
    message: await createMessage({ binary: new Uint8Array(MAX_DECOMPRESSED_REPORT_BYTES + 1) }),
    config: { preferredCompressionAlgorithm: enums.compression.zlib },
    encryptionKeys: await readKey({ armoredKey: armoredPublicKey }),
  });
}
