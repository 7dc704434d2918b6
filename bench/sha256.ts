/**
 * The browser's whole-file SHA-256 (crypto/src/sha256.ts, generated rounds)
 * vs @noble/hashes, the one it replaced, in Chromium with the JIT and with
 * `--jitless` (Tor Browser's "Safer" level), and in Node: each hashes the
 * same bytes in 1 MiB pieces, alternating, a fresh page per run (so the JIT
 * figure includes its warm-up, as a reporter's first file does). Prints
 * figures; asserts nothing.
 *
 *   npm run bench -- sha256 [--mib 64] [--jitless-mib 8] [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { build as viteBuild, type Rollup } from 'vite';

import { launchChromium, machine, median } from './support/browser';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) =>
  Number(args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const MIB = arg('mib', 64);
const JITLESS_MIB = arg('jitless-mib', 8);
const RUNS = arg('runs', 3);
const WHICH = ['product', 'noble'] as const;

async function pageScript(): Promise<string> {
  const output = (await viteBuild({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      lib: { entry: path.join(__dirname, 'sha256-page', 'entry.ts'), formats: ['iife'], name: 'sha256Bench' },
    },
  })) as Rollup.RollupOutput[];
  return output[0]!.output[0].code;
}

type Sample = { ms: number; digest: string };

async function inChromium(script: string, jitless: boolean, mib: number) {
  const browser = await launchChromium({ jitless });
  const samples: Record<(typeof WHICH)[number], Sample[]> = { product: [], noble: [] };
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const which of WHICH) {
        const page = await browser.newPage();
        await page.addScriptTag({ content: script });
        samples[which].push(
          await page.evaluate(
            ([w, m]) => (globalThis as unknown as { sha256Bench(w: string, m: number): Sample }).sha256Bench(w, m),
            [which, mib] as const,
          ),
        );
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  report(`Chromium, ${jitless ? 'jitless' : 'JIT'}`, mib, samples);
}

/** Node runs the same entry through tsx in a child, with and without --jitless. */
function inNode(jitless: boolean, mib: number) {
  const samples: Record<(typeof WHICH)[number], Sample[]> = { product: [], noble: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const which of WHICH) {
      const child = spawnSync(
        process.execPath,
        [
          ...(jitless ? ['--jitless'] : []),
          '--import',
          'tsx',
          '-e',
          `require(${JSON.stringify(path.join(__dirname, 'sha256-page', 'entry.ts'))});` +
            `console.log(JSON.stringify(globalThis.sha256Bench(${JSON.stringify(which)}, ${mib})))`,
        ],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(child.stderr);
      samples[which].push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Sample);
    }
  }
  report(`Node ${process.version}, ${jitless ? 'jitless' : 'JIT'}`, mib, samples);
}

function report(where: string, mib: number, samples: Record<(typeof WHICH)[number], Sample[]>) {
  const speed = (ms: number) => (mib * 1.048576) / (ms / 1000);
  const [product, noble] = WHICH.map((w) => median(samples[w].map((s) => s.ms)));
  const agree = new Set([...samples.product, ...samples.noble].map((s) => s.digest)).size === 1;
  console.log(
    `${where.padEnd(22)} ${String(mib).padStart(3)} MiB   product ${speed(product!).toFixed(2).padStart(7)} MB/s   @noble/hashes ${speed(noble!).toFixed(2).padStart(7)} MB/s   product/noble ${(noble! / product!).toFixed(2)}   digests agree: ${agree}   [product ${samples.product.map((s) => s.ms.toFixed(0)).join(' ')} ms; noble ${samples.noble.map((s) => s.ms.toFixed(0)).join(' ')} ms]`,
  );
}

async function main() {
  console.log(machine());
  const script = await pageScript();
  await inChromium(script, false, MIB);
  await inChromium(script, true, JITLESS_MIB);
  inNode(false, MIB);
  inNode(true, JITLESS_MIB);
  console.log(machine());
}

void main();
