import { LoginThrottle } from '../../backend/src/features/reviewers/throttle';

describe('LoginThrottle', () => {
  it('lets five failures through, then makes each attempt wait, doubling up to 15 minutes', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < 4; i++) throttle.failed('ana');
    expect(throttle.waitFor('ana')).toBe(0);
    throttle.failed('ana');
    expect(throttle.waitFor('ana')).toBe(30_000);
    now += 30_000;
    expect(throttle.waitFor('ana')).toBe(0);
    throttle.failed('ana');
    expect(throttle.waitFor('ana')).toBe(60_000);
    for (let i = 0; i < 10; i++) throttle.failed('ana');
    expect(throttle.waitFor('ana')).toBe(15 * 60_000);
  });

  it('keeps usernames apart and forgets on success', () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < 6; i++) throttle.failed('ana');
    expect(throttle.waitFor('bek')).toBe(0);
    throttle.succeeded('ana');
    expect(throttle.waitFor('ana')).toBe(0);
  });
});
