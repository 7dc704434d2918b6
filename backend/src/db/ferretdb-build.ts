import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

import { findExecutable } from './processes';
import { projectRoot } from './project';

export const FERRETDB_VERSION = 'v1.24.2';
const SOURCE_FILES = ['main.go', 'go.mod', 'go.sum'];

export function ferretdbSourceDir(): string {
  return path.join(projectRoot(), 'tools', 'ferretdb');
}

/**
 * The cached binary's name carries FerretDB's version and a hash of our
 * wrapper's source, so a change to either builds a new one.
 */
export function cachedFerretdbPath(toolsDir: string): string | null {
  const sourceDir = ferretdbSourceDir();
  if (!SOURCE_FILES.every((file) => existsSync(path.join(sourceDir, file)))) return null;
  const hash = createHash('sha256');
  for (const file of SOURCE_FILES) hash.update(readFileSync(path.join(sourceDir, file)));
  return path.join(toolsDir, `ferretdb-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

export function canBuildFerretdb(): boolean {
  const sourcePresent = SOURCE_FILES.every((file) => existsSync(path.join(ferretdbSourceDir(), file)));
  return sourcePresent && findExecutable('go') !== null;
}

/**
 * Builds the embedded FerretDB (DESIGN.md recipe B: our own main package that
 * embeds github.com/FerretDB/FerretDB/ferretdb, pinned by tools/ferretdb/go.sum).
 * The first build downloads about 640 MB of Go modules; progress goes to `log`.
 */
export async function buildFerretdb(toolsDir: string, log: (line: string) => void): Promise<string> {
  const target = cachedFerretdbPath(toolsDir);
  if (!target) throw new Error(`the FerretDB wrapper source is missing from ${ferretdbSourceDir()}`);
  if (existsSync(target)) return target;
  mkdirSync(toolsDir, { recursive: true });
  // Built under a temporary name and renamed, so a concurrent run never starts a half-written binary.
  const partial = `${target}.${process.pid}.partial`;
  log(
    `Building the embedded database engine (FerretDB ${FERRETDB_VERSION}) into ${path.relative(process.cwd(), target)}.`,
  );
  log('This happens once per machine: the first build downloads about 640 MB of Go modules and takes a minute or two.');
  const started = Date.now();
  let modules = 0;
  const child = spawn('go', ['build', '-trimpath', '-o', partial, '.'], {
    cwd: ferretdbSourceDir(),
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    modules += (text.match(/^go: downloading /gm) ?? []).length;
    errors = (errors + text.replace(/^go: downloading .*\n?/gm, '')).slice(-8192);
  });
  const ticker = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`  … still building (${seconds} s${modules ? `, ${modules} Go modules downloaded` : ''})`);
  }, 10_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(ticker);
  if (code !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`building FerretDB failed (go build exited with ${code}):\n${errors.trim()}`);
  }
  renameSync(partial, target);
  log(`  done in ${Math.round((Date.now() - started) / 1000)} s.`);
  return target;
}
