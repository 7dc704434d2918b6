// Prints the mutation score per file from the JSON reports `npm run mutate` writes into tmp/mutation/
// (the newest report wins for a file mutated in more than one slice), and from the partial results of slices
// stopped before the end (<slice>.partial.jsonl, tools/stryker-partial-reporter.mjs; marked "partial").
// Usage: node tools/mutation-scores.mjs
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const folder = path.join(process.cwd(), 'tmp', 'mutation');
const reports = readdirSync(folder)
  .filter((name) => name.endsWith('.json') || name.endsWith('.partial.jsonl'))
  .map((name) => path.join(folder, name))
  .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);

const files = new Map();
const partial = new Set();
for (const report of reports) {
  const text = readFileSync(report, 'utf8');
  if (report.endsWith('.json')) {
    for (const [file, { mutants }] of Object.entries(JSON.parse(text).files)) {
      files.set(file, mutants);
      partial.delete(file);
    }
    continue;
  }
  // A partial slice: its files' mutants so far, unless the same slice has since ended with a full report.
  const full = report.replace(/\.partial\.jsonl$/, '.json');
  if (reports.includes(full) && statSync(full).mtimeMs >= statSync(report).mtimeMs) continue;
  const byFile = new Map();
  for (const mutant of text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))) {
    byFile.set(mutant.file, [...(byFile.get(mutant.file) ?? []), mutant]);
  }
  for (const [file, mutants] of byFile) {
    files.set(file, mutants);
    partial.add(file);
  }
}

const rows = [['file', 'killed', 'timeout', 'survived', 'no coverage', 'score']];
for (const [file, mutants] of [...files].sort()) {
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const [killed, timedOut, survived, uncovered] = ['Killed', 'Timeout', 'Survived', 'NoCoverage'].map(count);
  const valid = killed + timedOut + survived + uncovered;
  const score = valid === 0 ? '-' : `${((100 * (killed + timedOut)) / valid).toFixed(1)}%`;
  rows.push([partial.has(file) ? `${file} (partial)` : file, killed, timedOut, survived, uncovered, score].map(String));
}
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
if (process.argv.includes('--survivors')) {
  for (const [file, mutants] of files) {
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      console.log(
        `${file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${m.replacement ?? ''}`,
      );
    }
  }
}
