import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The byte patterns a canary string would leave if it were stored in the
 * clear in any way we can think of: UTF-8, JSON \u escapes (how FerretDB's
 * SQLite backend writes non-ASCII), UTF-16 and base64 (how binary fields are
 * written) at each of the three alignments.
 */
export function canaryPatterns(canary: string): Buffer[] {
  const utf8 = Buffer.from(canary, 'utf8');
  const jsonEscaped = JSON.stringify(canary)
    .slice(1, -1)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const patterns = [utf8, Buffer.from(jsonEscaped, 'utf8'), Buffer.from(canary, 'utf16le')];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
    // Drop the characters that depend on the unknown bytes around the canary.
    const start = Math.ceil((shift * 4) / 3) + 1;
    patterns.push(Buffer.from(encoded.slice(start, -4), 'utf8'));
  }
  return patterns.filter((p) => p.length >= 8);
}

/** Regular files only: the data folder also holds the engine's Unix socket, which cannot be read. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const stat = statSync(full);
    return stat.isDirectory() ? filesUnder(full) : stat.isFile() ? [full] : [];
  });
}

/** Every file under `dir` (and the extra files) that holds any pattern of any canary. */
export function findCanaries(canaries: string[], dir: string, extraFiles: string[] = []): string[] {
  const patterns = canaries.flatMap(canaryPatterns);
  const hits: string[] = [];
  for (const file of [...filesUnder(dir), ...extraFiles]) {
    const bytes = readFileSync(file);
    for (const pattern of patterns) {
      if (bytes.includes(pattern)) hits.push(`${file}: ${JSON.stringify(pattern.toString('utf8'))}`);
    }
  }
  return hits;
}
