// A Stryker reporter that appends each mutant's result to tmp/mutation/<slice>.partial.jsonl as soon as it is known.
// Stryker writes its JSON and HTML reports only when a run ends; a slice stopped early (a deadline, a busy machine)
// keeps its figures this way. tools/mutation-scores.mjs reads these files for slices with no JSON report.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class PartialReporter {
  static inject = [];
  file = path.join('tmp', 'mutation', `${process.env.W412_MUTATION_SLICE ?? 'slice'}.partial.jsonl`);

  onDryRunCompleted() {
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
  }

  onMutantTested(result) {
    const { fileName, location, mutatorName, replacement, status } = result;
    const file = path.relative(process.cwd(), fileName);
    appendFileSync(this.file, `${JSON.stringify({ file, location, mutatorName, replacement, status })}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'partial', PartialReporter)];
