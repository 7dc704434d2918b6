import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../project';
import { findExecutable } from './processes';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const SOURCE_FILES = ['main.go', 'go.mod', 'go.sum'];

/**
 * `patched` is the product's engine; `unpatched` is FerretDB as released, built
 * only by the engine benchmark (and by hand, to see a patch's test fail).
 */
export type FerretdbVariant = 'patched' | 'unpatched';

export function ferretdbSourceDir(): string {
  return path.join(projectRoot(), 'tools', 'ferretdb');
}

/** The patch files applied to FerretDB's source, in order (tools/ferretdb/patches/*.patch). */
export function ferretdbPatches(): string[] {
  const dir = path.join(ferretdbSourceDir(), 'patches');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * The cached binary's name carries FerretDB's version and a hash of our
 * wrapper's source and of every patch (names and contents), so a change to any
 * of them builds a new one.
 */
export function cachedFerretdbPath(toolsDir: string, variant: FerretdbVariant = 'patched'): string | null {
  const sourceDir = ferretdbSourceDir();
  if (!SOURCE_FILES.every((file) => existsSync(path.join(sourceDir, file)))) return null;
  const hash = createHash('sha256');
  for (const file of SOURCE_FILES) hash.update(readFileSync(path.join(sourceDir, file)));
  if (variant === 'patched') {
    for (const patch of ferretdbPatches()) hash.update(path.basename(patch)).update(readFileSync(patch));
  }
  const tag = variant === 'patched' ? '' : 'unpatched-';
  return path.join(toolsDir, `ferretdb-${FERRETDB_VERSION}-${tag}${hash.digest('hex').slice(0, 12)}`);
}

export function canBuildFerretdb(): boolean {
  const sourcePresent = SOURCE_FILES.every((file) => existsSync(path.join(ferretdbSourceDir(), file)));
  return sourcePresent && findExecutable('go') !== null && patchTool() !== null;
}

/** `git apply` works outside a repository; GNU patch does the same job where git is missing. */
function patchTool(): { command: string; args: string[] } | null {
  if (findExecutable('git')) return { command: 'git', args: ['apply', '--whitespace=nowarn'] };
  if (findExecutable('patch')) return { command: 'patch', args: ['-p1', '--forward', '--batch', '--input'] };
  return null;
}

/**
 * Builds the embedded FerretDB: our own main package (tools/ferretdb/main.go,
 * DESIGN.md recipe B) against a copy of FerretDB's module with our patches
 * applied (tools/ferretdb/patches), pinned by tools/ferretdb/go.sum. The
 * first build downloads about 640 MB of Go modules; progress goes to `log`.
 */
export async function buildFerretdb(
  toolsDir: string,
  log: (line: string) => void,
  variant: FerretdbVariant = 'patched',
): Promise<string> {
  const target = cachedFerretdbPath(toolsDir, variant);
  if (!target) throw new Error(`the FerretDB wrapper source is missing from ${ferretdbSourceDir()}`);
  if (existsSync(target)) return target;
  const tool = patchTool();
  if (!tool) throw new Error('building FerretDB needs git or patch to apply tools/ferretdb/patches');
  mkdirSync(toolsDir, { recursive: true });
  const patches = variant === 'patched' ? ferretdbPatches() : [];
  log(
    `Building the embedded database engine (FerretDB ${FERRETDB_VERSION}, ${
      patches.length ? `${patches.length} patches` : 'unpatched'
    }) into ${path.relative(process.cwd(), target)}.`,
  );
  log('This happens once per machine: the first build downloads about 640 MB of Go modules and takes a minute or two.');
  const started = Date.now();
  // Outside the project, so `git apply` finds no repository around it.
  const work = mkdtempSync(path.join(os.tmpdir(), 'w412-ferretdb-build-'));
  try {
    const { Dir: moduleDir } = JSON.parse(
      (await go(['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], ferretdbSourceDir())).stdout,
    ) as { Dir: string };
    const source = path.join(work, 'ferretdb');
    cpSync(moduleDir, source, { recursive: true });
    makeWritable(source); // the module cache is read-only
    for (const patch of patches) {
      log(`  applying ${path.basename(patch)}`);
      await run(tool.command, [...tool.args, patch], source, { GIT_CEILING_DIRECTORIES: work });
    }
    const wrapper = path.join(work, 'wrapper');
    mkdirSync(wrapper);
    for (const file of SOURCE_FILES) cpSync(path.join(ferretdbSourceDir(), file), path.join(wrapper, file));
    // The same go.mod with FerretDB's module replaced by the patched copy; go.sum still pins every other module.
    writeFileSync(
      path.join(wrapper, 'go.mod'),
      `${readFileSync(path.join(wrapper, 'go.mod'), 'utf8')}\nreplace ${FERRETDB_MODULE} => ${source}\n`,
    );
    // Built under a temporary name and renamed, so a concurrent run never starts a half-written binary.
    const partial = `${target}.${process.pid}.partial`;
    try {
      await go(['build', '-trimpath', '-o', partial, '.'], wrapper, log, started);
      renameSync(partial, target);
    } finally {
      rmSync(partial, { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`  done in ${Math.round((Date.now() - started) / 1000)} s.`);
  return target;
}

function makeWritable(dir: string) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else chmodSync(full, 0o644);
  }
}

/** Runs `go`, counting downloaded modules and printing progress every 10 s when `log` is given. */
async function go(args: string[], cwd: string, log?: (line: string) => void, started = Date.now()) {
  let modules = 0;
  const ticker = log
    ? setInterval(() => {
        const seconds = Math.round((Date.now() - started) / 1000);
        log(`  … still building (${seconds} s${modules ? `, ${modules} Go modules downloaded` : ''})`);
      }, 10_000)
    : undefined;
  try {
    return await run('go', args, cwd, { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' }, (text) => {
      modules += (text.match(/^go: downloading /gm) ?? []).length;
    });
  } finally {
    clearInterval(ticker);
  }
}

async function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  onStderr: (text: string) => void = () => {},
): Promise<{ stdout: string }> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    onStderr(text);
    errors = (errors + text.replace(/^go: downloading .*\n?/gm, '')).slice(-8192);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`building FerretDB failed (${command} ${args[0]} exited with ${code}):\n${errors.trim()}`);
  }
  return { stdout };
}
