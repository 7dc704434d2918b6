import { spawnSync } from 'node:child_process';
import os from 'node:os';

import { chromium, type Browser, type Page } from '@playwright/test';

import { CHROMIUM_LAUNCH } from '../../tests/e2e/playwright.config';

/** The emulated slow link of issue 7: 400 ms latency, 50 000 bytes/s each way. */
export const SLOW_LINK = { latencyMs: 400, bytesPerSecond: 50_000 };

/** Debian's Chromium as the end-to-end tests launch it; `jitless` is Tor Browser's "Safer" level. */
export function launchChromium({ jitless }: { jitless: boolean }): Promise<Browser> {
  const args = jitless ? [...CHROMIUM_LAUNCH.args, '--js-flags=--jitless'] : CHROMIUM_LAUNCH.args;
  return chromium.launch({ ...CHROMIUM_LAUNCH, args });
}

/** Chromium's own network emulation (DevTools protocol), for the page and the workers it starts. */
export async function emulateSlowLink(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW_LINK.latencyMs,
    downloadThroughput: SLOW_LINK.bytesPerSecond,
    uploadThroughput: SLOW_LINK.bytesPerSecond,
  });
}

/**
 * Records, in the page's own clock (ms since navigation start), when an
 * element first matches each selector (or, for `text=…`, when the page first
 * shows that text). Installed before any page script
 * runs, through the DevTools protocol, so the page's CSP does not apply.
 */
export async function markWhenShown(page: Page, marks: Record<string, string>): Promise<void> {
  // A string, not a function: tsx's name-keeping helpers would not exist in the page.
  await page.addInitScript(`(() => {
    const selectors = ${JSON.stringify(marks)};
    const seen = (globalThis.__marks = {});
    const check = () => {
      for (const [name, selector] of Object.entries(selectors)) {
        const shown = selector.startsWith('text=')
          ? (document.body?.textContent ?? '').includes(selector.slice(5))
          : document.querySelector(selector);
        if (seen[name] === undefined && shown) seen[name] = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  })();`);
}

export async function waitForMark(page: Page, name: string, timeoutMs = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    (mark) => (globalThis as unknown as { __marks?: Record<string, number> }).__marks?.[mark] ?? false,
    name,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the figures were measured on, printed with them. */
export function machine(): string {
  const chromiumVersion = spawnSync(CHROMIUM_LAUNCH.executablePath, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const load = os.loadavg().map((l) => l.toFixed(2));
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${chromiumVersion}; load ${load.join(' ')}`;
}

/** Builds the pages and the server, so a benchmark measures the code as it is (skipped with --no-build). */
export function build(root: string): void {
  if (process.argv.includes('--no-build')) return;
  console.log('building (npm run build)…');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}
