/// <reference types="jest" />
// Type-checked with the frontend (tsconfig: DOM types), as it drives frontend code.
import { createHash, randomBytes } from 'node:crypto';

import { decryptKey, readPrivateKey } from 'openpgp';

import { createCryptoApi } from '../../../crypto/src/api';
import { createHashApi } from '../../../crypto/src/file-hash';
import { generateAgencyKey, type GeneratedKey } from '../../../crypto/src/keys';
import { decryptSegment } from '../../../crypto/src/segments';
import { uploadAttachment, type UploadDeps, type UploadJob } from '../../../frontend/src/files/uploadAttachment';

/**
 * The uploader with the real crypto and hash code in-thread (what the two
 * workers run) and an in-memory server: the whole-file SHA-256 runs beside
 * the upload, does not hold it back, and is the real SHA-256 of the file.
 */
const PASSPHRASE = 'agency passphrase for upload hash tests';
let agency: GeneratedKey;
beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
});

function realDeps() {
  const stored: Uint8Array[] = [];
  // The worker's uploads go to an in-memory server.
  const crypto = createCryptoApi({
    io: {
      send: async (_upload, index, bytes) => {
        stored[index] = bytes.slice();
        return { ok: true, received: index + 1 };
      },
    },
  });
  const hashes = createHashApi();
  let hashGate: Promise<void> = Promise.resolve();
  const deps: UploadDeps = {
    openFile: (o) => crypto.openFile(o),
    prepareFileSegment: (o) => crypto.prepareFileSegment(o),
    sendFileSegment: async (upload, index, segmentRef) => {
      const answer = await crypto.sendFileSegment({ segmentRef, upload, index });
      if (!answer.ok) throw new Error(answer.code);
      return { received: answer.received };
    },
    dropFileSegment: (o) => crypto.dropFileSegment(o),
    closeFile: (o) => crypto.closeFile(o),
    startFileHash: (o) => hashes.startFileHash(o),
    hashFilePiece: async (o) => {
      await hashGate;
      return hashes.hashFilePiece(o);
    },
    finishHash: (o) => hashes.finishHash(o),
    dropHash: (o) => hashes.dropHash(o),
    getChallenge: async () => ({ required: false }),
    solveProofOfWork: async () => ({ challenge: '', nonce: '' }),
    createUpload: async () => ({ id: 'A'.repeat(22), uploadToken: 'T'.repeat(43) }),
    getUploadProgress: async () => ({ segmentCount: 0, received: stored.length, sent: false }),
    wait: async () => {},
  };
  return {
    crypto,
    deps,
    stored,
    holdHash(gate: Promise<void>) {
      hashGate = gate;
    },
  };
}

async function run(file: File, real: ReturnType<typeof realDeps>) {
  const { recipientsRef } = await real.crypto.prepareRecipients({
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });
  const job: UploadJob = { file, removeMetadata: true, target: { kind: 'new-report' } };
  return uploadAttachment(job, {
    recipientsRef,
    deps: real.deps,
    onProgress: () => {},
    signal: new AbortController().signal,
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

it("the descriptor's SHA-256 of a file of three segments is the SHA-256 of the file, and of what the segments decrypt to", async () => {
  const content = randomBytes(9 * 1024 * 1024 + 12_345);
  const real = realDeps();
  const uploaded = await run(new File([content], 'evidence.bin'), real);
  expect(uploaded.descriptor).toMatchObject({ segments: 3, size: content.length, metadata: 'not_a_photo' });
  expect(await uploaded.sha256).toBe(sha256(content));
  const key = await decryptKey({
    privateKey: await readPrivateKey({ armoredKey: agency.armoredPrivateKey }),
    passphrase: PASSPHRASE,
  });
  const parts = [];
  for (const encryptedSegment of real.stored)
    parts.push(await decryptSegment({ encryptedSegment, decryptionKey: key }));
  expect(sha256(Buffer.concat(parts))).toBe(await uploaded.sha256);
});

it('the upload completes while the hash is still running; the hash finishes afterwards', async () => {
  const content = randomBytes(5 * 1024 * 1024);
  const real = realDeps();
  let release: () => void = () => {};
  real.holdHash(new Promise<void>((resolve) => (release = resolve)));
  const uploaded = await run(new File([content], 'evidence.bin'), real);
  // Every segment is on the server, and the hash has not hashed one yet.
  expect(real.stored).toHaveLength(2);
  let hashed: string | null = null;
  void uploaded.sha256.then((h) => (hashed = h));
  await new Promise((r) => setImmediate(r));
  expect(hashed).toBeNull();
  release();
  expect(await uploaded.sha256).toBe(sha256(content));
});
