/// <reference types="jest" />
// Type-checked with the frontend (tsconfig: DOM types), as it drives frontend code.
import { ApiError } from '../../../frontend/src/shared/api';
import { HashSchedule } from '../../../frontend/src/files/hash-schedule';
import {
  ENCRYPTED_AHEAD,
  uploadAttachment,
  type UploadDeps,
  type UploadJob,
} from '../../../frontend/src/files/uploadAttachment';

/**
 * The uploader's scheduling, without a browser: the crypto, hash and HTTP
 * calls are stand-ins that record what was asked of them (the real ones are
 * exercised in tests/unit/files/segments.test.ts, the API tests and e2e).
 */
function harness(segments: number, { failPuts = [] as number[], sendMs = 0, hashMs = 0 } = {}) {
  const log: string[] = [];
  let received = 0;
  let hashed = 0;
  let inWorker = 0;
  let maxInWorker = 0;
  let held = 0;
  let maxHeld = 0;
  const failures = [...failPuts];
  /** Segments the worker holds, encrypted and neither sent nor dropped. */
  const live = new Set<string>();
  const deps: UploadDeps = {
    openFile: async () => ({ fileRef: 'f', size: segments * 10, segments, photoFormat: null, metadata: 'not_a_photo' }),
    prepareFileSegment: async ({ index }) => {
      inWorker += 1;
      maxInWorker = Math.max(maxInWorker, inWorker);
      await new Promise((r) => setTimeout(r, 2));
      inWorker -= 1;
      held += 1;
      maxHeld = Math.max(maxHeld, held);
      log.push(`enc ${index}`);
      live.add(`seg ${index}`);
      return { segmentRef: `seg ${index}`, plaintextBytes: 10 };
    },
    dropFileSegment: async ({ segmentRef }) => {
      if (live.delete(segmentRef)) held -= 1;
    },
    closeFile: async () => {},
    startFileHash: async () => ({ hashRef: 'h', size: segments * 10 }),
    // A piece per segment's worth of bytes; the log says whether the crypto worker was encrypting when it began.
    hashFilePiece: async () => {
      log.push(`hash ${inWorker > 0 ? 'beside' : 'alone'}`);
      if (hashMs) await new Promise((r) => setTimeout(r, hashMs));
      hashed += 10;
      return { hashedBytes: hashed, done: hashed === segments * 10 };
    },
    finishHash: async () => ({ sha256: 'a'.repeat(64) }),
    dropHash: async () => {},
    getChallenge: async () => ({ required: false }),
    solveProofOfWork: async () => ({ challenge: '', nonce: '' }),
    createUpload: async () => ({ id: 'A'.repeat(22), uploadToken: 'T'.repeat(43) }),
    getUploadProgress: async () => ({ segmentCount: segments, received, sent: false }),
    sendFileSegment: async (_upload, index, segmentRef) => {
      log.push(`put ${index}`);
      if (sendMs) await new Promise((r) => setTimeout(r, sendMs));
      // The worker frees a sent segment whatever the answer.
      if (live.delete(segmentRef)) held -= 1;
      if (failures[0] === index) {
        failures.shift();
        // The server stored it, but the answer was lost (or the connection dropped before it arrived).
        if (index % 2 === 0) received = index + 1;
        throw new ApiError(0, 'network', 'lost');
      }
      if (index !== received) throw new ApiError(409, 'segment_out_of_order', '');
      received = index + 1;
      return { received };
    },
    wait: async () => {},
  };
  const job: UploadJob = {
    file: { name: 'x.bin', type: '', size: 0 } as File,
    removeMetadata: true,
    target: { kind: 'new-report' },
  };
  return { deps, job, log, stats: () => ({ maxInWorker, maxHeld }), received: () => received, live };
}

const run = (h: ReturnType<typeof harness>, schedule?: HashSchedule) =>
  uploadAttachment(h.job, {
    recipientsRef: 'r',
    deps: h.deps,
    onProgress: () => {},
    schedule,
    signal: new AbortController().signal,
  });

it('encrypts one segment at a time and holds at most ENCRYPTED_AHEAD + 1 encrypted segments not yet acknowledged', async () => {
  const h = harness(12);
  const result = await run(h);
  expect(result.descriptor).toMatchObject({ segments: 12, metadata: 'not_a_photo' });
  await expect(result.sha256).resolves.toBe('a'.repeat(64));
  expect(h.stats().maxInWorker).toBe(1);
  expect(h.stats().maxHeld).toBeLessThanOrEqual(ENCRYPTED_AHEAD + 1);
  expect(h.log.filter((l) => l.startsWith('put'))).toEqual(Array.from({ length: 12 }, (_, i) => `put ${i}`));
});

it('after a dropped connection, resumes from the first segment the server has not acknowledged', async () => {
  // Segment 4's answer is lost after the server stored it; segment 7 never arrives.
  const h = harness(10, { failPuts: [4, 7] });
  await run(h);
  const puts = h.log.filter((l) => l.startsWith('put')).map((l) => Number(l.split(' ')[1]));
  expect(puts).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9]);
  expect(h.received()).toBe(10);
  // Segments encrypted ahead of a failed send were dropped, not kept in the worker.
  await new Promise((r) => setTimeout(r, 20));
  expect(h.live.size).toBe(0);
});

it('a retry of the same job resumes the same upload instead of starting a new one', async () => {
  const h = harness(6, { failPuts: [3] });
  let created = 0;
  const createUpload = h.deps.createUpload;
  h.deps.createUpload = async (...args) => {
    created += 1;
    return createUpload(...args);
  };
  // First attempt: a permanent refusal of segment 3 ends it.
  const sendFileSegment = h.deps.sendFileSegment;
  let refuse = true;
  h.deps.sendFileSegment = async (upload, index, segmentRef, signal) => {
    if (index === 3 && refuse) {
      refuse = false;
      await sendFileSegment(upload, index, segmentRef, signal).catch(() => {});
      throw new ApiError(500, 'internal_error', '');
    }
    return sendFileSegment(upload, index, segmentRef, signal);
  };
  await expect(run(h)).rejects.toMatchObject({ code: 'internal_error' });
  await run(h);
  expect(created).toBe(1);
  expect(h.received()).toBe(6);
});

it('cancelling stops the upload', async () => {
  const h = harness(50);
  const abort = new AbortController();
  const sendFileSegment = h.deps.sendFileSegment;
  h.deps.sendFileSegment = async (upload, index, segmentRef, signal) => {
    if (index === 2) abort.abort(new Error('cancelled'));
    return sendFileSegment(upload, index, segmentRef, signal);
  };
  await expect(
    uploadAttachment(h.job, { recipientsRef: 'r', deps: h.deps, onProgress: () => {}, signal: abort.signal }),
  ).rejects.toThrow('cancelled');
  // What was encrypted ahead is dropped in the worker, not left there.
  await new Promise((r) => setTimeout(r, 20));
  expect(h.live.size).toBe(0);
});

describe('the whole-file hash beside the encryption (hash-schedule.ts)', () => {
  const hashes = (log: string[]) => log.filter((l) => l.startsWith('hash'));
  const lastIndexOf = (log: string[], prefix: string) =>
    log.length - 1 - [...log].reverse().findIndex((l) => l.startsWith(prefix));

  it('by default runs beside the encryption', async () => {
    const h = harness(8, { hashMs: 1 });
    await (
      await run(h)
    ).sha256;
    expect(hashes(h.log)).toHaveLength(8);
    expect(h.log.indexOf('hash beside')).toBeGreaterThanOrEqual(0);
  });

  it('when it yields, waits while the crypto worker has segments to encrypt, and hashes once it has none', async () => {
    // The uploads are instant: from the first segment to the last the pipeline always has an encryption asked.
    // (Before the first, while the upload is being opened, the hash may run.)
    const h = harness(8, { hashMs: 1 });
    const result = await run(h, new HashSchedule({ yieldToEncryption: true, quietMs: 5 }));
    await expect(result.sha256).resolves.toBe('a'.repeat(64));
    expect(hashes(h.log)).toEqual(Array.from({ length: 8 }, () => 'hash alone'));
    const during = h.log.slice(h.log.indexOf('enc 0'), lastIndexOf(h.log, 'enc'));
    expect(during.filter((l) => l.startsWith('hash'))).toEqual([]);
    expect(lastIndexOf(h.log, 'hash')).toBeGreaterThan(lastIndexOf(h.log, 'enc'));
  });

  it('when it yields, hashes while the encryption waits for a slow upload', async () => {
    const h = harness(12, { sendMs: 40, hashMs: 3 });
    const result = await run(h, new HashSchedule({ yieldToEncryption: true, quietMs: 5 }));
    await result.sha256;
    expect(hashes(h.log)).toHaveLength(12);
    expect(hashes(h.log).every((l) => l === 'hash alone')).toBe(true);
    // Most of the hash was done during the uploads, not after them.
    const before = h.log.slice(0, lastIndexOf(h.log, 'put')).filter((l) => l.startsWith('hash')).length;
    expect(before).toBeGreaterThanOrEqual(6);
  });
});
