import { z } from 'zod';

import { sharedReport, type SharedReport } from './own-report';

/**
 * What a reporter shares with one lawyer, inside a message envelope encrypted
 * to the lawyer key and the reporter key (crypto/src/api.ts, `sealShare`).
 * Version 2 carries the report and/or the thread, each only if the reporter
 * chose it; the first format (no `version`) was the thread alone, and is still
 * read. Written by the return page (return/accessCodes.ts), read by the lawyer page.
 */
export const LAWYER_SHARE_VERSION = 2;

/** The reporter's thread as their page read it (return/accessCodes.ts, `shareOfThread`). */
export const sharedThread = z.strictObject({
  messages: z
    .array(
      z.strictObject({
        author: z.enum(['reporter', 'reviewer']),
        sentAt: z.string().max(64),
        text: z.string().max(20_000),
        files: z.array(z.string().max(255)).max(100),
      }),
    )
    .max(100),
  omitted: z.number().int().min(0),
});
export type SharedThread = z.infer<typeof sharedThread>;

const lawyerShareV2 = z
  .strictObject({
    version: z.literal(LAWYER_SHARE_VERSION),
    report: sharedReport.optional(),
    thread: sharedThread.optional(),
  })
  .refine((share) => share.report !== undefined || share.thread !== undefined, 'a share holds something');

/** A share as the lawyer page shows it: what was chosen, each part absent when it was not. */
export interface LawyerShare {
  report?: SharedReport;
  thread?: SharedThread;
}

/** Builds a version 2 share from what the reporter chose; null when nothing was chosen (nothing to share). */
export function lawyerShare(parts: LawyerShare): (LawyerShare & { version: number }) | null {
  if (!parts.report && !parts.thread) return null;
  return {
    version: LAWYER_SHARE_VERSION,
    ...(parts.report ? { report: parts.report } : {}),
    ...(parts.thread ? { thread: parts.thread } : {}),
  };
}

/** Reads a decrypted share of either format; null when it is neither. */
export function readLawyerShare(value: unknown): LawyerShare | null {
  const current = lawyerShareV2.safeParse(value);
  if (current.success) {
    const { report, thread } = current.data;
    return { ...(report ? { report } : {}), ...(thread ? { thread } : {}) };
  }
  const first = sharedThread.safeParse(value);
  return first.success ? { thread: first.data } : null;
}
