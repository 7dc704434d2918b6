import type { Logger } from '../../logger';
import type { AttachmentService } from './service';

/**
 * Runs the attachments sweep every `intervalMs` (UPLOAD_SWEEP_MINUTES), one
 * run at a time. It logs counts only, never ids, and nothing when nothing changed.
 */
export function startAttachmentSweep({
  attachments,
  intervalMs,
  logger,
}: {
  attachments: Pick<AttachmentService, 'sweep'>;
  intervalMs: number;
  logger: Logger;
}): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    attachments
      .sweep()
      .then(({ removed, confirmed }) => {
        if (removed > 0 || confirmed > 0) logger.info({ removed, confirmed }, 'attachment sweep');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'attachment sweep failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
