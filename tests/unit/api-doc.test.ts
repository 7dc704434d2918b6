import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * docs/api.md's error table names every error the API can answer with, at
 * its status: a code added in the code and not in the doc fails here.
 */
const ROOT = path.resolve(__dirname, '..', '..');
/** Errors of the admin command only; never an HTTP answer (none today: the console's account routes share them). */
const NOT_HTTP = new Set<string>([]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

function errorsInCode(): [number, string][] {
  const found = new Map<string, [number, string]>();
  const patterns = [
    /new AppError\(\s*(\d{3}),\s*'([a-z_]+)'/g,
    /\[(\d{3}), '([a-z_]+)', '/g,
    /badRequest\('([a-z_]+)'/g,
    /notFound\('([a-z_]+)'/g,
    /unauthorized\(/g,
  ];
  for (const file of sources(path.join(ROOT, 'backend', 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        let entry: [number, string];
        if (pattern.source.startsWith('badRequest')) entry = [400, match[1]!];
        else if (pattern.source.startsWith('notFound')) entry = [404, match[1]!];
        else if (pattern.source.startsWith('unauthorized')) entry = [401, 'unauthorized'];
        else entry = [Number(match[1]), match[2]!];
        if (!NOT_HTTP.has(entry[1])) found.set(entry.join(' '), entry);
      }
    }
  }
  return [...found.values()];
}

describe('docs/api.md', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
  const rows = doc
    .slice(doc.indexOf('## Errors'), doc.indexOf('## Public endpoints'))
    .split('\n')
    .filter((line) => /^\| \d{3} /.test(line));

  it('finds the errors in the code (the scan itself works)', () => {
    const codes = errorsInCode().map(([status, code]) => `${status} ${code}`);
    for (const known of [
      '405 method_not_allowed',
      '415 unsupported_charset',
      '400 invalid_request',
      '503 server_busy',
    ]) {
      expect(codes).toContain(known);
    }
  });

  it.each(errorsInCode())('lists %i %s in its error table', (status, code) => {
    const row = rows.find((line) => line.startsWith(`| ${status} `) && line.includes(`\`${code}\``));
    expect([status, code, row !== undefined]).toEqual([status, code, true]);
  });
});
