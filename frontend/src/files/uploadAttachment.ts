import type { MetadataOutcome } from '../../../crypto/src/file-source';
import type { AttachmentV2 } from '../shared/report-v2';
import { ApiError } from '../shared/api';
import type { Challenge, UploadHandle, UploadProgressAnswer } from './filesApi';
import { HashSchedule } from './hash-schedule';

/**
 * Where an uploaded file goes once it is complete. A new report binds its
 * files when it is sent (the report lists them); on a return visit a message
 * in the report's thread lists and binds them when it is sent.
 */
export type BindTarget = { kind: 'new-report' } | { kind: 'message' } | { kind: 'lawyer-message' };

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
  /** Encrypts a segment in the crypto worker, where it stays (by `segmentRef`) until sent or dropped. */
  prepareFileSegment(options: {
    fileRef: string;
    recipientsRef: string;
    index: number;
  }): Promise<{ segmentRef: string; plaintextBytes: number }>;
  /** Sends a prepared segment from the crypto worker (freed there whatever the answer); `signal` stops it. */
  sendFileSegment(
    upload: UploadHandle,
    index: number,
    segmentRef: string,
    signal: AbortSignal,
  ): Promise<{ received: number }>;
  /** Forgets a prepared segment that will not be sent. */
  dropFileSegment(options: { segmentRef: string }): Promise<void>;
  closeFile(options: { fileRef: string }): Promise<void>;
  startFileHash(options: { file: Blob; removeMetadata: boolean }): Promise<{ hashRef: string; size: number }>;
  /** Hashes the file's next piece (at most 1 MiB); `done` with the last. */
  hashFilePiece(options: { hashRef: string }): Promise<{ hashedBytes: number; done: boolean }>;
  finishHash(options: { hashRef: string }): Promise<{ sha256: string }>;
  dropHash(options: { hashRef: string }): Promise<void>;
  getChallenge(): Promise<Challenge>;
  solveProofOfWork(options: { challenge: string; bits: number }): Promise<{ challenge: string; nonce: string }>;
  createUpload(segmentCount: number, proofOfWork?: { challenge: string; nonce: string }): Promise<UploadHandle>;
  getUploadProgress(upload: UploadHandle): Promise<UploadProgressAnswer>;
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

/** How far the whole file's SHA-256 has got, from 0 to 1 (it may go on after the upload). */
export type HashProgress = (hashed: number) => void;

/** The state a job keeps between attempts, so a retry resumes instead of starting over. */
export interface UploadJob {
  file: File;
  removeMetadata: boolean;
  target: BindTarget;
  opened?: Awaited<ReturnType<UploadDeps['openFile']>>;
  upload?: UploadHandle;
  /** The whole file's SHA-256, computed in the hash worker beside the upload; kept across retries. */
  hashing?: { sha256: Promise<string>; abort: AbortController };
}

/**
 * The file as the report describes it (inside the encryption) and the upload
 * the submission binds. The upload is complete; its SHA-256 may still be
 * being computed (`sha256`), and only the report's sending waits for it.
 */
export interface UploadedAttachment {
  upload: UploadHandle;
  descriptor: PendingDescriptor;
  sha256: Promise<string>;
}

/** One evidence file as the report describes it inside the encryption (report-v2.ts, `attachmentV2`). */
export type AttachmentDescriptor = AttachmentV2;
/** The descriptor before its SHA-256 is known. */
export type PendingDescriptor = Omit<AttachmentDescriptor, 'sha256'>;

const SIDE_BY_SIDE = new HashSchedule({ yieldToEncryption: false });

/** Conflicts that a fresh look at the server's progress resolves; more in a row than this is a real fault. */
const MAX_RESYNCS = 3;
const isOutOfStep = (error: unknown) =>
  error instanceof ApiError && (error.code === 'segment_out_of_order' || error.code === 'segment_conflict');

/** Failures worth waiting out: no answer, or the server briefly unavailable. */
export const isTransient = (error: unknown) =>
  error instanceof ApiError &&
  (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);

/**
 * The whole file's SHA-256, by the hash worker reading the File itself, a
 * piece per call: between pieces `schedule` may hold it back while the
 * encryption needs the CPU (hash-schedule.ts), and `signal` stops it. It
 * does not gate the upload: in plain JavaScript it is slower than the
 * encryption (about 1 to 2.5 MB/s without a JIT, as in Tor Browser's "Safer"
 * level), and only the report's sending waits for it (docs/benchmarks.md).
 */
async function hashWhole(
  job: UploadJob,
  deps: UploadDeps,
  schedule: HashSchedule,
  onHashed: HashProgress,
  signal: AbortSignal,
): Promise<string> {
  const { hashRef, size } = await deps.startFileHash({ file: job.file, removeMetadata: job.removeMetadata });
  try {
    let reported = -1;
    for (let done = false; !done;) {
      await schedule.turn(signal);
      const piece = await deps.hashFilePiece({ hashRef });
      done = piece.done;
      // Whole percents: a piece per call would re-render the page up to a hundred times a second with the JIT.
      const percent = done ? 100 : Math.floor((100 * piece.hashedBytes) / Math.max(size, 1));
      if (percent !== reported) onHashed((reported = percent) / 100);
    }
  } catch (error) {
    await deps.dropHash({ hashRef }).catch(() => {});
    throw error;
  }
  return (await deps.finishHash({ hashRef })).sha256;
}

/** Starts the hash once per job; a hash that failed starts again on the next attempt. */
function startHash(job: UploadJob, deps: UploadDeps, schedule: HashSchedule, onHashed: HashProgress): Promise<string> {
  if (!job.hashing) {
    const abort = new AbortController();
    const sha256 = hashWhole(job, deps, schedule, onHashed, abort.signal);
    const hashing = { sha256, abort };
    job.hashing = hashing;
    sha256.catch(() => {
      if (job.hashing === hashing) job.hashing = undefined;
    });
  }
  return job.hashing.sha256;
}

async function openUpload(segments: number, deps: UploadDeps, schedule: HashSchedule): Promise<UploadHandle> {
  const challenge = await deps.getChallenge();
  let proof: { challenge: string; nonce: string } | undefined;
  if (challenge.required) {
    // The proof of work is the crypto worker's too, and the upload waits for it.
    const settled = schedule.busy();
    proof = await deps.solveProofOfWork(challenge).finally(settled);
  }
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
  schedule: HashSchedule,
  report: (p: Partial<UploadProgress>) => void,
  signal: AbortSignal,
): Promise<void> {
  const { fileRef, segments } = job.opened;
  const encrypted = new Map<number, Promise<string>>();
  let next = start;
  // One encryption at a time in the worker: interleaved, they would all finish late and hold more memory.
  let previous: Promise<unknown> = Promise.resolve();
  const fill = (sending: number) => {
    while (next < segments && next <= sending + ENCRYPTED_AHEAD) {
      const index = next++;
      const settled = schedule.busy();
      const pending = previous
        .catch(() => {})
        .then(() => deps.prepareFileSegment({ fileRef, recipientsRef, index }))
        .then((r) => {
          report({ encrypted: index + 1 });
          return r.segmentRef;
        })
        .finally(settled);
      previous = pending;
      pending.catch(() => {}); // awaited in order below
      encrypted.set(index, pending);
    }
  };
  try {
    for (let index = start; index < segments; index++) {
      fill(index);
      const segmentRef = await encrypted.get(index)!;
      encrypted.delete(index);
      if (signal.aborted) {
        await deps.dropFileSegment({ segmentRef }).catch(() => {});
        throw signal.reason;
      }
      await deps.sendFileSegment(job.upload, index, segmentRef, signal);
      report({ uploaded: index + 1 });
    }
  } finally {
    // Segments encrypted ahead and not sent (a failure, a cancel): the next attempt encrypts them again.
    for (const pending of encrypted.values()) {
      pending.then((segmentRef) => deps.dropFileSegment({ segmentRef })).catch(() => {});
    }
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
    onHashed = () => {},
    schedule = SIDE_BY_SIDE,
    signal,
  }: {
    recipientsRef: string;
    deps: UploadDeps;
    onProgress(progress: UploadProgress): void;
    /** The SHA-256's progress; it may be called after this function has returned. */
    onHashed?: HashProgress;
    /** Shared by every upload of the page (one crypto worker); by default the hash never yields. */
    schedule?: HashSchedule;
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
  // The hash runs in the other worker from the start, as `schedule` lets it; nothing here waits for it.
  startHash(job, deps, schedule, onHashed).catch(() => {});
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
  job.upload ??= await openUpload(opened.segments, deps, schedule);
  const ready = { opened, upload: job.upload };
  report({ stage: 'uploading', uploaded: start, encrypted: start });

  for (let resyncs = 0; ;) {
    try {
      await sendFrom(start, ready, recipientsRef, deps, schedule, (p) => report(p), signal);
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
  await deps.closeFile({ fileRef: opened.fileRef }).catch(() => {});
  return {
    upload: ready.upload,
    sha256: startHash(job, deps, schedule, onHashed),
    descriptor: {
      id: ready.upload.id,
      name: job.file.name.slice(0, 255),
      type: job.file.type.slice(0, 255),
      size: opened.size,
      segments: opened.segments,
      metadata: opened.metadata,
    },
  };
}
