import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Asks for secrets: hidden input on a terminal; one line per question when
 * standard input is a pipe (for scripts that cannot use a file).
 */
export class Prompter {
  #lines: AsyncIterator<string> | null = null;

  async secret(question: string): Promise<string> {
    if (process.stdin.isTTY) return readHidden(question);
    this.#lines ??= createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
    process.stderr.write(question);
    const next = await this.#lines.next();
    process.stderr.write('\n');
    if (next.done) throw new Error('Standard input ended before every question was answered.');
    return next.value;
  }

  /** Asks twice and insists the answers match, so a typo does not lock the agency out of its own key. */
  async newSecret(question: string, check: (value: string) => string | null): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const value = await this.secret(`${question}: `);
      const problem = check(value);
      if (problem) {
        process.stderr.write(`${problem}\n`);
        continue;
      }
      if ((await this.secret('Repeat it: ')) === value) return value;
      process.stderr.write('The two entries differ.\n');
    }
    throw new Error('No acceptable value after three attempts.');
  }
}

/** A secret kept in a file: its first line, without the line ending. */
export function readSecretFile(file: string): string {
  return readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
}

function readHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003') {
          process.stderr.write('\n');
          process.exit(130);
        } else if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        } else if (char === '\u007f' || char === '\b') {
          value = [...value].slice(0, -1).join('');
        } else {
          value += char;
        }
      }
    };
    stdin.on('data', onData);
  });
}
