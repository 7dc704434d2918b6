import { readFileSync } from 'node:fs';

import type { CdpClient } from './cdp';

const MIB = 1024 * 1024;

export const rssOf = (pid: number): number => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};

/** One JavaScript context's heap as V8 reports it (DevTools `Runtime.getHeapUsage`). */
interface HeapUsage {
  usedSize: number;
  /** ArrayBuffer backing stores: where megabyte segments live. */
  backingStorageSize: number;
}

/** Which context a script URL is, by the built file's name. */
function labelOf(type: string, url: string): string {
  const file = url.split('/').pop()!.split('?')[0]!;
  if (type === 'page') return `page ${new URL(url).pathname}`;
  if (file.startsWith('hash-worker')) return 'hash worker';
  if (file.startsWith('worker')) return 'crypto worker';
  return `${type} ${file}`;
}

export interface MemoryPeaks {
  /** Peak of the summed RSS of each Chromium process type (browser, renderer, utility…) over its idle level. */
  rss: Record<string, number>;
  /** Peak of the summed RSS of every Chromium process over its idle level (all at the same sample). */
  total: number;
  /** Per JavaScript context of the origin: the peak of its V8 heap and of its ArrayBuffer backing stores. */
  contexts: Record<string, { used: number; backing: number }>;
  /** Peak of all contexts' backing stores at the same sample. */
  backingTotal: number;
}

/**
 * Where a page's memory is, sampled every 100 ms: every Chromium process's
 * RSS by type (the page, its workers and service workers live in renderers;
 * Blob data lives in the browser process; upload bodies pass through the
 * network service, a utility process), and, for every page, worker and
 * service worker of `origin`, its V8 heap and the ArrayBuffers it holds
 * (DevTools `Runtime.getHeapUsage`, attached from the browser, so the page's
 * CSP does not apply and nothing runs in the page). Over a raw DevTools
 * client (./cdp.ts): Playwright's own network instrumentation would keep
 * every upload body alive.
 */
export async function memorySampler(cdp: CdpClient, origin: string) {
  const sessions = new Map<string, { sessionId: string; label: string }>();
  // Dedicated workers are listed only once discovery is on.
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  // A page's dedicated workers started after it was attached arrive through its auto-attach.
  cdp.on('Target.attachedToTarget', (params) => {
    const { sessionId, targetInfo } = params as {
      sessionId: string;
      targetInfo: { targetId: string; url: string; type: string };
    };
    if (!targetInfo.url.startsWith(origin) || sessions.has(targetInfo.targetId)) return;
    sessions.set(targetInfo.targetId, { sessionId, label: labelOf(targetInfo.type, targetInfo.url) });
  });
  cdp.on('Target.detachedFromTarget', ({ sessionId }) => {
    for (const [id, s] of sessions) if (s.sessionId === sessionId) sessions.delete(id);
  });
  const attachNew = async () => {
    const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; url: string; type: string }[] }>(
      'Target.getTargets',
    );
    for (const target of targetInfos) {
      if (sessions.has(target.targetId) || !target.url.startsWith(origin)) continue;
      if (!['page', 'worker', 'service_worker'].includes(target.type)) continue;
      try {
        const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
          targetId: target.targetId,
          flatten: true,
        });
        sessions.set(target.targetId, { sessionId, label: labelOf(target.type, target.url) });
        if (target.type === 'page') {
          await cdp.send(
            'Target.setAutoAttach',
            { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
            sessionId,
          );
        }
      } catch {
        // Gone between listing and attaching.
      }
    }
  };
  const processes = async () => {
    const { processInfo } = await cdp.send<{ processInfo: { type: string; id: number }[] }>(
      'SystemInfo.getProcessInfo',
    );
    const byType: Record<string, number> = {};
    for (const p of processInfo) byType[p.type] = (byType[p.type] ?? 0) + rssOf(p.id);
    return byType;
  };
  const heaps = async () => {
    const out: Record<string, HeapUsage> = {};
    await Promise.all(
      [...sessions.values()].map(async ({ sessionId, label }) => {
        const usage = await cdp.send<HeapUsage>('Runtime.getHeapUsage', {}, sessionId).catch(() => null);
        if (!usage) return;
        const into = (out[label] ??= { usedSize: 0, backingStorageSize: 0 });
        into.usedSize += usage.usedSize;
        into.backingStorageSize += usage.backingStorageSize ?? 0;
      }),
    );
    return out;
  };
  return {
    /** Runs `work` while sampling; returns its result and the peaks over the levels before it. */
    async peaksDuring<T>(work: () => Promise<T>): Promise<{ result: T; peaks: MemoryPeaks; idleTotal: number }> {
      await attachNew();
      const idle = await processes();
      const idleTotal = Object.values(idle).reduce((a, b) => a + b, 0);
      const peaks: MemoryPeaks = { rss: {}, total: 0, contexts: {}, backingTotal: 0 };
      let running = true;
      const sample = async () => {
        await attachNew();
        const [rss, heap] = await Promise.all([processes(), heaps()]);
        let total = 0;
        for (const [type, bytes] of Object.entries(rss)) {
          total += bytes;
          peaks.rss[type] = Math.max(peaks.rss[type] ?? 0, bytes - (idle[type] ?? 0));
        }
        peaks.total = Math.max(peaks.total, total - idleTotal);
        let backing = 0;
        for (const [label, usage] of Object.entries(heap)) {
          const into = (peaks.contexts[label] ??= { used: 0, backing: 0 });
          into.used = Math.max(into.used, usage.usedSize);
          into.backing = Math.max(into.backing, usage.backingStorageSize);
          backing += usage.backingStorageSize;
        }
        peaks.backingTotal = Math.max(peaks.backingTotal, backing);
      };
      const sampling = (async () => {
        while (running) {
          await sample().catch(() => {});
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      try {
        return { result: await work(), peaks, idleTotal };
      } finally {
        running = false;
        await sampling;
      }
    },
  };
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)}`;

/** One line per figure: the total, then by process type, then by context (MiB). */
export function describePeaks(peaks: MemoryPeaks): string {
  const rss = Object.entries(peaks.rss)
    .filter(([, bytes]) => bytes > MIB)
    .map(([type, bytes]) => `${type} +${mib(bytes)}`)
    .join(', ');
  const contexts = Object.entries(peaks.contexts)
    .map(([label, { used, backing }]) => `${label}: heap ${mib(used)}, ArrayBuffers ${mib(backing)}`)
    .join('; ');
  return `all processes +${mib(peaks.total)} MiB (by process, each its own peak: ${rss || 'none'}); JavaScript contexts at their peaks (MiB): ${contexts}; ArrayBuffers of all contexts at once ${mib(peaks.backingTotal)} MiB`;
}
