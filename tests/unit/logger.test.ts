import { Writable } from 'node:stream';

import { toHour } from '../../backend/src/clock';
import { createLogger } from '../../backend/src/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it('writes times cut to the hour', () => {
    const { lines, logger } = capture();
    logger.info('hello');
    expect(JSON.parse(lines[0]!).time).toMatch(/T\d\d:00:00\.000Z$/);
  });

  it('drops request-shaped fields even if code passes them by mistake', () => {
    const { lines, logger } = capture();
    logger.info({ req: { ip: '203.0.113.9' }, headers: { 'user-agent': 'X' }, ip: '203.0.113.9', route: 'r' }, 'oops');
    expect(lines.join('')).not.toContain('203.0.113.9');
    expect(JSON.parse(lines[0]!).route).toBe('r');
  });
});

describe('toHour', () => {
  it('cuts minutes, seconds and milliseconds', () => {
    expect(toHour(new Date('2026-11-25T10:37:42.123Z')).toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });
});
