/**
 * Password checks cannot starve other work: the reporter page (its HTML and
 * every script and style it loads) and report submission, timed while idle and
 * while 50 clients keep bogus logins in flight (five rounds of each, alternating) (random usernames and
 * passwords, so each may reach the password check), against the compiled
 * server with its embedded engine. Prints p50/p95 of each and the p95 ratio,
 * and what the flood got. Asserts nothing.
 *
 *   npm run bench -- login-flood [--samples N] [--flood N]      (after npm run build)
 *
 * Proof of work is off (PROOF_OF_WORK_BITS=0): submissions need none, and
 * every bogus login is a free attempt, the most password checking an unpaid
 * flood can cause.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { createCryptoApi, type SealedReport } from '../backend/src/crypto';
import { projectRoot } from '../backend/src/project';
import { startProduct, stopProduct } from '../tests/support/product';

const { values } = parseArgs({ options: { samples: { type: 'string' }, flood: { type: 'string' } } });
const SAMPLES = Number(values.samples ?? 100);
const ROUNDS = 5;
const FLOOD = Number(values.flood ?? 50);

interface Answer {
  status: number;
  body: string;
}

/** Pages are asked for as a browser asks (compressed); the body is not read, only timed. */
const PAGE_HEADERS = { 'Accept-Encoding': 'br, gzip', 'Accept-Language': 'en' };

function call(agent: http.Agent, url: string, method = 'GET', json?: unknown): Promise<Answer> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers:
          body === undefined
            ? PAGE_HEADERS
            : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main() {
  const product = await startProduct({
    root: projectRoot(),
    workDir: path.join(projectRoot(), 'tmp', 'bench', 'login-flood'),
    env: { PROOF_OF_WORK_BITS: '0' },
  });
  // The measured requests have their own connections, so they never queue behind the flood's in this client.
  const measureAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const floodAgent = new http.Agent({ keepAlive: true, maxSockets: FLOOD });
  try {
    const base = product.baseUrl;
    const config = JSON.parse((await call(measureAgent, `${base}/api/v1/config`)).body) as {
      agencyFingerprint: string;
    };
    const keys = JSON.parse((await call(measureAgent, `${base}/api/v1/recipient-keys`)).body) as {
      agencyKey: { armoredPublicKey: string };
    };
    console.log(`server: ${base} (pid ${product.server.pid}); sealing ${2 * SAMPLES} reports in advance…`);
    const crypto = createCryptoApi();
    const submissions: SealedReport[] = [];
    for (let i = 0; i < 2 * SAMPLES; i++) {
      const { submission } = await crypto.sealReport({
        report: { whatHappened: `Benchmark report ${i}: ${'x'.repeat(400)}`, agency: 'police' },
        armoredAgencyKey: keys.agencyKey.armoredPublicKey,
        pinnedAgencyFingerprint: config.agencyFingerprint,
      });
      submissions.push(submission);
    }

    // The page's own list of scripts and styles, read from the built file the server sends for English.
    const html = readFileSync(path.join(projectRoot(), 'dist', 'public', 'index.en.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!);
    const loadPage = async () => {
      const page = await call(measureAgent, `${base}/?lang=en`);
      if (page.status !== 200) throw new Error(`GET / answered ${page.status}`);
      for (const asset of assets) {
        const answer = await call(measureAgent, `${base}${asset}`);
        if (answer.status !== 200) throw new Error(`GET ${asset} answered ${answer.status}`);
      }
    };
    const submit = async () => {
      const answer = await call(measureAgent, `${base}/api/v1/reports`, 'POST', submissions.pop());
      if (answer.status !== 201) throw new Error(`POST /api/v1/reports answered ${answer.status}: ${answer.body}`);
    };
    const idle = { page: [] as number[], report: [] as number[] };
    const flood = { page: [] as number[], report: [] as number[] };
    const measure = async (into: typeof idle, samples: number) => {
      for (let i = 0; i < samples; i++) {
        into.page.push(await timed(loadPage));
        into.report.push(await timed(submit));
      }
    };

    for (let i = 0; i < 3; i++) await loadPage(); // warm-up
    // Idle and flood phases alternate, so both meet the same background load on a shared machine.
    const statuses = new Map<number, number>();
    let floodSeconds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await measure(idle, SAMPLES / ROUNDS);
      let flooding = true;
      const floodStart = Date.now();
      const clients = Array.from({ length: FLOOD }, async () => {
        while (flooding) {
          const { status } = await call(floodAgent, `${base}/api/v1/session`, 'POST', {
            username: `guess.${randomBytes(6).toString('hex')}`,
            password: randomBytes(12).toString('base64'),
          });
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await measure(flood, SAMPLES / ROUNDS);
      flooding = false;
      await Promise.all(clients);
      floodSeconds += (Date.now() - floodStart) / 1000;
    }

    const line = (what: string, a: number[], b: number[]) => {
      const [i50, i95, f50, f95] = [percentile(a, 50), percentile(a, 95), percentile(b, 50), percentile(b, 95)];
      console.log(
        `${what.padEnd(18)} | ${i50.toFixed(1).padStart(9)} | ${i95.toFixed(1).padStart(9)} | ${f50.toFixed(1).padStart(10)} | ${f95.toFixed(1).padStart(10)} | ${(f95 / i95).toFixed(2).padStart(5)}×`,
      );
    };
    console.log(
      `\n${SAMPLES} samples each, in ${ROUNDS} rounds of idle then flood; flood: ${FLOOD} clients keeping bogus logins in flight`,
    );
    console.log('what               | idle p50  | idle p95  | flood p50  | flood p95  | p95 flood/idle');
    line('reporter page (ms)', idle.page, flood.page);
    line('submit report (ms)', idle.report, flood.report);
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    const byStatus = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    console.log(
      `\nflood: ${answered} logins answered in ${floodSeconds.toFixed(1)} s (${(answered / floodSeconds).toFixed(0)}/s); ${byStatus}`,
    );
    console.log(`password checks (401): ${((statuses.get(401) ?? 0) / floodSeconds).toFixed(1)}/s`);
  } finally {
    measureAgent.destroy();
    floodAgent.destroy();
    await stopProduct(product.server.pid!);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
