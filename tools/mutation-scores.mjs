// Prints the mutation score per file from the JSON reports `npm run mutate` writes into tmp/mutation/
// (the newest report wins for a file mutated in more than one slice). Usage: node tools/mutation-scores.mjs
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const folder = path.join(process.cwd(), 'tmp', 'mutation');
const reports = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => path.join(folder, name))
  .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);

const files = new Map();
for (const report of reports) {
  for (const [file, { mutants }] of Object.entries(JSON.parse(readFileSync(report, 'utf8')).files)) {
    files.set(file, mutants);
  }
}

const rows = [['file', 'killed', 'timeout', 'survived', 'no coverage', 'score']];
for (const [file, mutants] of [...files].sort()) {
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const [killed, timedOut, survived, uncovered] = ['Killed', 'Timeout', 'Survived', 'NoCoverage'].map(count);
  const valid = killed + timedOut + survived + uncovered;
  const score = valid === 0 ? '-' : `${((100 * (killed + timedOut)) / valid).toFixed(1)}%`;
  rows.push([file, killed, timedOut, survived, uncovered, score].map(String));
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
