import { CheckQueue } from '../../backend/src/features/reviewers/check-queue';

/** A check the test finishes by hand, so the line's state is exact at every step. */
function heldCheck() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { finish, check: () => done };
}

describe('CheckQueue', () => {
  it('runs at most `concurrency` checks at once, the rest in arrival order', async () => {
    const queue = new CheckQueue({ concurrency: 2, free: 10, paid: 10 });
    const started: number[] = [];
    const checks = Array.from({ length: 5 }, heldCheck);
    const runs = checks.map((held, i) => {
      const admission = queue.admit('free')!;
      return admission.run(async () => {
        started.push(i);
        await held.check();
      });
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    checks[1]!.finish();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const held of checks) held.finish();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('turns away free attempts beyond their share and paid ones beyond the whole line', () => {
    const queue = new CheckQueue({ concurrency: 1, free: 2, paid: 3 });
    const free = [queue.admit('free'), queue.admit('free')];
    expect(free.every((a) => a !== null)).toBe(true);
    expect(queue.admit('free')).toBeNull();
    expect(queue.admit('paid')).not.toBeNull();
    expect(queue.admit('paid')).toBeNull();
    free[0]!.leave();
    free[0]!.leave();
    expect(queue.admitted).toBe(2);
    expect(queue.admit('free')).toBeNull();
    expect(queue.admit('paid')).not.toBeNull();
  });

  it('frees the slot when a check fails, so the next one runs', async () => {
    const queue = new CheckQueue({ concurrency: 1, free: 5, paid: 5 });
    const failing = queue.admit('free')!;
    const next = queue.admit('free')!;
    const first = failing.run(async () => {
      throw new Error('argon2 failed');
    });
    const second = next.run(async () => 'ran');
    await expect(first).rejects.toThrow('argon2 failed');
    await expect(second).resolves.toBe('ran');
  });

  it('with a rest, the next check starts only after the slot rested as long as the check took times `rest`', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const queue = new CheckQueue({ concurrency: 1, free: 5, paid: 5, rest: 1 });
      const started: number[] = [];
      const check = async () => {
        started.push(Date.now());
        jest.advanceTimersByTime(200);
      };
      const [a, b] = [queue.admit('free')!, queue.admit('free')!];
      const first = a.run(check);
      const second = b.run(check);
      await first;
      expect(started).toEqual([0]);
      await jest.advanceTimersByTimeAsync(199);
      expect(started).toEqual([0]);
      await jest.advanceTimersByTimeAsync(1);
      await second;
      expect(started).toEqual([0, 400]);
    } finally {
      jest.useRealTimers();
    }
  });
});
