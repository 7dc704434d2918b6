/**
 * The bound on the real reviewer's login while someone guesses their
 * password continuously: the username's paid attempts are set past the point
 * where the proof of work reaches its cap, its free attempts are used up, and
 * the reviewer logs in through the console in Chromium (the proof solved in
 * the crypto worker), with the JavaScript JIT and without it (Tor Browser
 * "Safer"). Prints the time from pressing "Log in" to the unlocked-key screen
 * and the bits solved, per run, with median and worst. Asserts nothing.
 *
 *   npm run bench -- login-bound [--runs N]      (after npm run build)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from '@playwright/test';
import mongoose from 'mongoose';

import { startEngine } from '../backend/src/engine/engine';
import { paidCountId, WINDOW_MS, windowOf } from '../backend/src/features/reviewers/login-guard';
import { projectRoot } from '../backend/src/project';
import { startProduct, stopProduct } from '../tests/support/product';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 8);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

async function main() {
  const product = await startProduct({
    root: projectRoot(),
    workDir: path.join(projectRoot(), 'tmp', 'bench', 'login-bound'),
  });
  const engine = await startEngine({ dataDir: product.dataDir, toolsDir: path.join(projectRoot(), 'tools', 'bin') });
  const db = await mongoose.createConnection(engine.uri, { dbName: 'whistle412' }).asPromise();
  const { baseUrl, reviewer } = product;

  /** Someone has guessed for a while: the proof is at its cap and the free attempts are gone. */
  async function underAttack() {
    // Counts are per 15-minute window: start well inside one, or the next would give the free attempts back.
    const untilNextWindow = WINDOW_MS - (Date.now() % WINDOW_MS);
    if (untilNextWindow < 60_000) await new Promise((resolve) => setTimeout(resolve, untilNextWindow + 1000));
    const now = new Date();
    await db
      .collection<{ _id: string }>('login_attempts')
      .updateOne(
        { _id: paidCountId(windowOf(now), reviewer.username) },
        { $set: { count: 1000, expiresAt: new Date(now.getTime() + 2 * WINDOW_MS) } },
        { upsert: true },
      );
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${baseUrl}/api/v1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: reviewer.username, password: `wrong guess ${i}` }),
      });
      if (response.status !== 401 && response.status !== 429) throw new Error(`a wrong guess got ${response.status}`);
    }
  }

  try {
    console.log(`server: ${baseUrl}; ${RUNS} logins per mode, each with the proof at its cap`);
    for (const [mode, extra] of [
      ['JIT on', []],
      ['jitless', ['--js-flags=--jitless']],
    ] as const) {
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [...CHROMIUM_ARGS, ...extra],
      });
      const seconds: number[] = [];
      const bits: number[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          await underAttack();
          const page = await browser.newPage();
          page.on('response', (response) => {
            if (response.url().endsWith('/api/v1/session/challenge')) {
              void response.json().then((body: { bits: number }) => bits.push(body.bits));
            }
          });
          await page.goto(`${baseUrl}/console/?lang=en`);
          await page.getByLabel('Username').fill(reviewer.username);
          await page.getByLabel('Password').fill(reviewer.password);
          const start = Date.now();
          await page.getByRole('button', { name: 'Log in' }).click();
          // The password step's bound: the code step that follows may ask for a second proof at most as hard.
          await page.locator('#second-factor-code').waitFor({ timeout: 300_000 });
          seconds.push((Date.now() - start) / 1000);
          await page.close();
        }
      } finally {
        await browser.close();
      }
      const sorted = [...seconds].sort((a, b) => a - b);
      console.log(
        `${mode.padEnd(8)} | bits solved ${[...new Set(bits)].join(', ')} | seconds per login: ${seconds.map((s) => s.toFixed(1)).join(' ')} | median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} | worst ${sorted.at(-1)!.toFixed(1)}`,
      );
    }
  } finally {
    await db.close();
    await stopProduct(product.server.pid!);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
