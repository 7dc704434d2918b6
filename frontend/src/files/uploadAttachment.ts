import type { MetadataOutcome } from '../../../crypto/src/file-source';
import type { AttachmentV2 } from '../shared/report-v2';
import { ApiError } from '../shared/api';
import type { Challenge, UploadHandle, UploadProgressAnswer } from './filesApi';

/**
 * Where an uploaded file goes once it is complete. A new report binds its
 * files when it is sent (the report lists them); on a return visit a message
 * in the report's thread lists and binds them when it is sent.
 */
export type BindTarget = { kind: 'new-report' } | { kind: 'message' };

/**
 * Every limit of the pipeline, with why (STYLE.md crypto/9):
 * - ENCRYPTED_AHEAD: encrypted segments waiting for the upload, besides the
 *   one being sent. Two keep the network busy while the worker encrypts the
 *   next (encryption at 15–28 MB/s is faster than almost any uplink), and
 *   bound memory: with the one in flight and the one in the worker, at most
 *   four segments (16 MiB) of ciphertext and plaintext exist at once.
 * - RETRY_DELAYS: waits after a failed send before asking the server where to
 *   resume; the last one repeats for as long as the connection is down (a
 *   closed laptop lid, a lost Tor circuit), and `online` cuts it short.
 */
export const ENCRYPTED_AHEAD = 2;
export const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export interface UploadDeps {
  openFile(options: { file: Blob; removeMetadata: boolean }): Promise<{
    fileRef: string;
    size: number;
    segments: number;
    photoFormat: string | null;
    metadata: MetadataOutcome;
  }>;
  encryptFileSegment(options: {
    fileRef: string;
    recipientsRef: string;
    index: number;
  }): Promise<{ encryptedSegment: Uint8Array<ArrayBuffer>; plaintextBytes: number }>;
  closeFile(options: { fileRef: string }): Promise<void>;
  startFileHash(options: { file: Blob; removeMetadata: boolean }): Promise<{ hashRef: string; segments: number }>;
  hashFileSegment(options: { hashRef: string }): Promise<{ hashedSegments: number; done: boolean }>;
  finishHash(options: { hashRef: string }): Promise<{ sha256: string }>;
  getChallenge(): Promise<Challenge>;
  solveProofOfWork(options: { challenge: string; bits: number }): Promise<{ challenge: string; nonce: string }>;
  createUpload(segmentCount: number, proofOfWork?: { challenge: string; nonce: string }): Promise<UploadHandle>;
  getUploadProgress(upload: UploadHandle): Promise<UploadProgressAnswer>;
  putSegment(
    upload: UploadHandle,
    index: number,
    encryptedSegment: Uint8Array<ArrayBuffer>,
    signal: AbortSignal,
  ): Promise<{ received: number }>;
  /** Waits `ms`, or less when the connection comes back; rejects when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** What the pipeline reports as it goes; segments counted from 0 to `segments`. */
export interface UploadProgress {
  stage: 'preparing' | 'uploading' | 'reconnecting' | 'finishing';
  segments: number;
  encrypted: number;
  uploaded: number;
}

/** The state a job keeps between attempts, so a retry resumes instead of starting over. */
export interface UploadJob {
  file: File;
  removeMetadata: boolean;
  target: BindTarget;
  opened?: Awaited<ReturnType<UploadDeps['openFile']>>;
  upload?: UploadHandle;
  sha256?: Promise<string>;
}

/** The file as the report describes it (inside the encryption) and the upload the submission binds. */
export interface UploadedAttachment {
  upload: UploadHandle;
  descriptor: AttachmentDescriptor;
}

/** One evidence file as the report describes it inside the encryption (report-v2.ts, `attachmentV2`). */
export type AttachmentDescriptor = AttachmentV2;

/** Conflicts that a fresh look at the server's progress resolves; more in a row than this is a real fault. */
const MAX_RESYNCS = 3;
const isOutOfStep = (error: unknown) =>
  error instanceof ApiError && (error.code === 'segment_out_of_order' || error.code === 'segment_conflict');

/** Failures worth waiting out: no answer, or the server briefly unavailable. */
export const isTransient = (error: unknown) =>
  error instanceof ApiError &&
  (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);

async function hashWhole(job: UploadJob, deps: UploadDeps): Promise<string> {
  const { hashRef, segments } = await deps.startFileHash({ file: job.file, removeMetadata: job.removeMetadata });
  for (let i = 0; i < segments; i++) await deps.hashFileSegment({ hashRef });
  return (await deps.finishHash({ hashRef })).sha256;
}

async function openUpload(segments: number, deps: UploadDeps): Promise<UploadHandle> {
  const challenge = await deps.getChallenge();
  const proof = challenge.required ? await deps.solveProofOfWork(challenge) : undefined;
  return deps.createUpload(segments, proof);
}

/**
 * Encrypts segments from `start` and sends them in order: the worker encrypts
 * segment n+1 (and at most ENCRYPTED_AHEAD in all) while segment n is on the
 * wire. Returns when the server has acknowledged every segment.
 */
async function sendFrom(
  start: number,
  job: Required<Pick<UploadJob, 'opened' | 'upload'>>,
  recipientsRef: string,
  deps: UploadDeps,
  report: (p: Partial<UploadProgress>) => void,
  signal: AbortSignal,
): Promise<void> {
  const { fileRef, segments } = job.opened;
  const encrypted = new Map<number, Promise<Uint8Array<ArrayBuffer>>>();
  let next = start;
  // One encryption at a time in the worker: interleaved, they would all finish late and hold more memory.
  let previous: Promise<unknown> = Promise.resolve();
  const fill = (sending: number) => {
    while (next < segments && next <= sending + ENCRYPTED_AHEAD) {
      const index = next++;
      const pending = previous
        .catch(() => {})
        .then(() => deps.encryptFileSegment({ fileRef, recipientsRef, index }))
        .then((r) => {
          report({ encrypted: index + 1 });
          return r.encryptedSegment;
        });
      previous = pending;
      pending.catch(() => {}); // awaited in order below
      encrypted.set(index, pending);
    }
  };
  for (let index = start; index < segments; index++) {
    fill(index);
    const bytes = await encrypted.get(index)!;
    encrypted.delete(index);
    if (signal.aborted) throw signal.reason;
    await deps.putSegment(job.upload, index, bytes, signal);
    report({ uploaded: index + 1 });
  }
}

/**
 * Encrypts and uploads one file, resuming where the server says after a
 * dropped connection. The plain async function behind the attachment hook:
 * its dependencies are parameters, so it runs without React.
 */
export async function uploadAttachment(
  job: UploadJob,
  {
    recipientsRef,
    deps,
    onProgress,
    signal,
  }: {
    recipientsRef: string;
    deps: UploadDeps;
    onProgress(progress: UploadProgress): void;
    signal: AbortSignal;
  },
): Promise<UploadedAttachment> {
  const progress: UploadProgress = { stage: 'preparing', segments: 0, encrypted: 0, uploaded: 0 };
  const report = (change: Partial<UploadProgress>) => {
    Object.assign(progress, change);
    progress.encrypted = Math.max(progress.encrypted, progress.uploaded);
    onProgress({ ...progress });
  };
  report({});
  job.opened ??= await deps.openFile({ file: job.file, removeMetadata: job.removeMetadata });
  const opened = job.opened;
  // The hash runs in the other worker from the start, alongside encryption.
  job.sha256 ??= hashWhole(job, deps);
  job.sha256.catch(() => {});
  report({ segments: opened.segments });

  let start = 0;
  if (job.upload) {
    try {
      const known = await deps.getUploadProgress(job.upload);
      if (known.sent) throw new ApiError(409, 'attachment_already_sent', 'already sent');
      start = known.received;
    } catch (error) {
      // An upload the server no longer knows (expired) starts again.
      if (!(error instanceof ApiError && error.code === 'upload_not_found')) throw error;
      job.upload = undefined;
    }
  }
  job.upload ??= await openUpload(opened.segments, deps);
  const ready = { opened, upload: job.upload };
  report({ stage: 'uploading', uploaded: start, encrypted: start });

  for (let resyncs = 0; ;) {
    try {
      await sendFrom(start, ready, recipientsRef, deps, (p) => report(p), signal);
      break;
    } catch (error) {
      if (signal.aborted) throw error;
      // Out of step with the server (an answer lost after the server stored a segment): ask where it stands.
      const outOfStep = isOutOfStep(error) && resyncs++ < MAX_RESYNCS;
      if (!isTransient(error) && !outOfStep) throw error;
    }
    for (let failures = 0; ; failures++) {
      report({ stage: 'reconnecting' });
      await deps.wait(RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)]!, signal);
      try {
        // Resume from the first segment the server has not acknowledged.
        start = (await deps.getUploadProgress(ready.upload)).received;
        break;
      } catch (again) {
        if (signal.aborted || !isTransient(again)) throw again;
      }
    }
    report({ stage: 'uploading', uploaded: start, encrypted: start });
  }
  report({ stage: 'finishing' });
  const sha256 = await job.sha256;
  await deps.closeFile({ fileRef: opened.fileRef }).catch(() => {});
  return {
    upload: ready.upload,
    descriptor: {
      id: ready.upload.id,
      name: job.file.name.slice(0, 255),
      type: job.file.type.slice(0, 255),
      size: opened.size,
      segments: opened.segments,
      sha256,
      metadataRemoved: opened.metadata === 'removed',
    },
  };
}
