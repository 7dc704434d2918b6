import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError, getConfig, getRecipientKeys } from '../shared/api';
import { startCrypto, startHashWorker } from '../shared/crypto';
import { checkAgencyKey } from '../report/agencyKey';
import * as filesApi from './filesApi';
import { coalesce } from '../shared/coalesce';
import { HashSchedule, yieldsToEncryption } from './hash-schedule';
import {
  uploadAttachment,
  type BindTarget,
  type UploadDeps,
  type UploadedAttachment,
  type UploadJob,
  type UploadProgress,
} from './uploadAttachment';

export type AttachmentStatus = 'queued' | 'working' | 'done' | 'failed' | 'too_large';

export interface AttachmentItem {
  key: string;
  name: string;
  size: number;
  /** A photo format this page cleans (by the declared type; the worker checks the bytes). */
  photo: boolean;
  removeMetadata: boolean;
  status: AttachmentStatus;
  progress: UploadProgress | null;
  error: unknown;
  result: UploadedAttachment | null;
  /** The whole file's SHA-256 once the hash worker has it (it may finish after the upload). */
  sha256: string | null;
  /** How far that hash has got, 0 to 1. */
  hashed: number;
}

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const PHOTO_NAMES = /\.(jpe?g|png|webp)$/i;

/** Waits `ms`, cut short when the browser says it is back online; rejects when cancelled. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      signal.removeEventListener('abort', stop);
      resolve();
    };
    const stop = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      reject(signal.reason);
    };
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
    signal.addEventListener('abort', stop);
  });
}

/**
 * A lawyer's page uploads differently in two ways (features/lawyers): its
 * uploads are started with the access code, and its segments are encrypted
 * to the report's reporter key and the lawyer key besides the recipient set.
 */
export interface LawyerUploads {
  createUpload: UploadDeps['createUpload'];
  extraArmoredKeys: string[];
}

function uploadDeps(lawyer: LawyerUploads | undefined): UploadDeps {
  const crypto = startCrypto();
  const hasher = startHashWorker();
  return {
    openFile: (o) => crypto.openFile(o),
    prepareFileSegment: (o) => crypto.prepareFileSegment(o),
    sendFileSegment: async (upload, index, segmentRef, signal) => {
      const stop = () => void crypto.dropFileSegment({ segmentRef }).catch(() => {});
      signal.addEventListener('abort', stop);
      try {
        const answer = await crypto.sendFileSegment({ segmentRef, upload, index });
        if (signal.aborted) throw signal.reason;
        if (!answer.ok) throw new ApiError(answer.status, answer.code, answer.message, answer.retryAfter);
        return { received: answer.received };
      } finally {
        signal.removeEventListener('abort', stop);
      }
    },
    dropFileSegment: (o) => crypto.dropFileSegment(o),
    closeFile: (o) => crypto.closeFile(o),
    startFileHash: (o) => hasher.startFileHash(o),
    hashFilePiece: (o) => hasher.hashFilePiece(o),
    finishHash: (o) => hasher.finishHash(o),
    dropHash: (o) => hasher.dropHash(o),
    getChallenge: filesApi.getUploadChallenge,
    solveProofOfWork: (o) => crypto.solveProofOfWork(o),
    createUpload: lawyer?.createUpload ?? filesApi.createUpload,
    getUploadProgress: filesApi.getUploadProgress,
    wait,
  };
}

let nextKey = 1;

/**
 * At most one progress render per PROGRESS_MS. A progress call per segment
 * encrypted and per segment uploaded re-rendered the whole form on the main
 * thread, which every upload's hand-over passes through.
 */
const PROGRESS_MS = 250;

/** One for the page, as the crypto worker is (hash-schedule.ts). */
let hashSchedule: HashSchedule | null = null;
const pageHashSchedule = () =>
  (hashSchedule ??= new HashSchedule({ yieldToEncryption: yieldsToEncryption(navigator.hardwareConcurrency) }));

/**
 * Evidence files for one submission: each file added is encrypted and
 * uploaded in turn (one at a time, so memory stays bounded), with progress,
 * cancel, retry and resume. Files stay in memory only while the page is open.
 * `target` says what the finished uploads will be bound to.
 */
export function useAttachments({
  target,
  maxFileBytes,
  lawyer,
}: {
  target: BindTarget;
  maxFileBytes: number;
  lawyer?: LawyerUploads;
}) {
  const [items, setItems] = useState<AttachmentItem[]>([]);
  const jobs = useRef(new Map<string, { job: UploadJob; abort: AbortController | null }>());
  const recipients = useRef<Promise<string> | null>(null);
  const running = useRef<string | null>(null);
  // Fixed for the hook's life: a lawyer's page mounts its form anew for each code it opens.
  const lawyerRef = useRef(lawyer);

  const update = useCallback((key: string, change: Partial<AttachmentItem>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const recipientsRef = useCallback(() => {
    recipients.current ??= (async () => {
      const crypto = startCrypto();
      const key = await checkAgencyKey({ getConfig, getRecipientKeys, fingerprintOf: crypto.agencyKeyFingerprint });
      // The same recipient set as the report (agency key + reviewer keys whose certification verifies).
      return (await crypto.prepareRecipients({ ...key, extraArmoredKeys: lawyerRef.current?.extraArmoredKeys ?? [] }))
        .recipientsRef;
    })();
    recipients.current.catch(() => {
      recipients.current = null;
    });
    return recipients.current;
  }, []);

  // One upload at a time: the next queued file starts when the running one ends.
  useEffect(() => {
    if (running.current) return;
    const next = items.find((item) => item.status === 'queued');
    if (!next) return;
    const entry = jobs.current.get(next.key);
    if (!entry) return;
    running.current = next.key;
    const abort = new AbortController();
    entry.abort = abort;
    update(next.key, { status: 'working', error: null });
    void (async () => {
      try {
        const result = await uploadAttachment(entry.job, {
          recipientsRef: await recipientsRef(),
          deps: uploadDeps(lawyerRef.current),
          onProgress: coalesce((progress: UploadProgress) => update(next.key, { progress }), PROGRESS_MS),
          onHashed: coalesce((hashed: number) => {
            if (jobs.current.get(next.key) === entry) update(next.key, { hashed });
          }, PROGRESS_MS),
          schedule: pageHashSchedule(),
          signal: abort.signal,
        });
        update(next.key, { status: 'done', result });
        // The upload is done; its SHA-256 may come later (only sending the report waits for it).
        result.sha256.then(
          (sha256) => update(next.key, { sha256 }),
          (error: unknown) => {
            if (jobs.current.get(next.key) === entry) update(next.key, { status: 'failed', error });
          },
        );
      } catch (error) {
        if (!abort.signal.aborted) update(next.key, { status: 'failed', error });
      } finally {
        entry.abort = null;
        running.current = null;
        // Let the effect pick the next file.
        setItems((list) => [...list]);
      }
    })();
  }, [items, recipientsRef, update]);

  const add = useCallback(
    (files: Iterable<File>) => {
      const added = [...files].map((file): AttachmentItem => {
        const key = `f${nextKey++}`;
        const photo = PHOTO_TYPES.has(file.type) || PHOTO_NAMES.test(file.name);
        const tooLarge = file.size > maxFileBytes;
        if (!tooLarge) jobs.current.set(key, { job: { file, removeMetadata: true, target }, abort: null });
        return {
          key,
          name: file.name,
          size: file.size,
          photo,
          removeMetadata: true,
          status: tooLarge ? 'too_large' : 'queued',
          progress: null,
          error: null,
          result: null,
          sha256: null,
          hashed: 0,
        };
      });
      setItems((list) => [...list, ...added]);
    },
    [maxFileBytes, target],
  );

  /** Stops the file's upload and removes what the server has of it. */
  const discard = useCallback((key: string) => {
    const entry = jobs.current.get(key);
    entry?.abort?.abort(new DOMException('cancelled', 'AbortError'));
    entry?.job.hashing?.abort.abort(new DOMException('cancelled', 'AbortError'));
    const upload = entry?.job.upload;
    if (upload) void filesApi.cancelUpload(upload).catch(() => {});
    if (entry?.job.opened)
      void startCrypto()
        .closeFile({ fileRef: entry.job.opened.fileRef })
        .catch(() => {});
    return entry;
  }, []);

  const remove = useCallback(
    (key: string) => {
      discard(key);
      jobs.current.delete(key);
      setItems((list) => list.filter((item) => item.key !== key));
    },
    [discard],
  );

  const retry = useCallback((key: string) => update(key, { status: 'queued', error: null }), [update]);

  /** Switches between the cleaned photo and the original: what was uploaded so far is dropped and it starts again. */
  const setRemoveMetadata = useCallback(
    (key: string, removeMetadata: boolean) => {
      const entry = discard(key);
      if (!entry) return;
      jobs.current.set(key, { job: { file: entry.job.file, removeMetadata, target: entry.job.target }, abort: null });
      update(key, {
        removeMetadata,
        status: 'queued',
        progress: null,
        error: null,
        result: null,
        sha256: null,
        hashed: 0,
      });
    },
    [discard, update],
  );

  /** Forgets every file (after the report that bound them was sent). */
  const clear = useCallback(() => {
    jobs.current.clear();
    setItems([]);
  }, []);

  const pending = items.some((item) => item.status === 'queued' || item.status === 'working');
  const failed = items.some((item) => item.status === 'failed');
  const done = items.flatMap((item) => (item.status === 'done' && item.result ? [item.result] : []));
  /** The descriptors as the review step shows them: a SHA-256 still being computed is '' until it is known. */
  const descriptors = items.flatMap((item) =>
    item.status === 'done' && item.result ? [{ ...item.result.descriptor, sha256: item.sha256 ?? '' }] : [],
  );
  return { items, add, remove, retry, setRemoveMetadata, clear, pending, failed, done, descriptors };
}
