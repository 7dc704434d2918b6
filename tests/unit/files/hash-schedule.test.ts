/// <reference types="jest" />
// Type-checked with the frontend (tsconfig: DOM types), as it drives frontend code.
import { HashSchedule, yieldsToEncryption } from '../../../frontend/src/files/hash-schedule';

/** Whether `promise` has settled after `ms` of real time. */
const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => 'resolved',
      () => 'rejected',
    ),
    new Promise((r) => setTimeout(() => r('pending'), ms)),
  ]);

const never = new AbortController().signal;

it('yields on two cores or fewer, and when the browser does not say', () => {
  expect([undefined, 1, 2, 4, 8].map(yieldsToEncryption)).toEqual([true, true, true, false, false]);
});

it('without yielding, the hash has its turn even while the crypto worker is busy', async () => {
  const schedule = new HashSchedule({ yieldToEncryption: false, quietMs: 5 });
  schedule.busy();
  await expect(settledWithin(schedule.turn(never), 20)).resolves.toBe('resolved');
});

it('yielding, the hash waits until the crypto worker has been idle for the quiet time', async () => {
  const schedule = new HashSchedule({ yieldToEncryption: true, quietMs: 30 });
  await expect(settledWithin(schedule.turn(never), 5)).resolves.toBe('resolved');

  const first = schedule.busy();
  const second = schedule.busy();
  const turn = schedule.turn(never);
  first();
  first(); // settling twice counts once: the second is still running
  await expect(settledWithin(turn, 60)).resolves.toBe('pending');
  second();
  // Asked again before the quiet time is over: still waiting.
  await new Promise((r) => setTimeout(r, 10));
  const third = schedule.busy();
  await expect(settledWithin(turn, 60)).resolves.toBe('pending');
  third();
  await expect(settledWithin(turn, 15)).resolves.toBe('pending');
  await expect(settledWithin(turn, 100)).resolves.toBe('resolved');
  await expect(settledWithin(schedule.turn(never), 5)).resolves.toBe('resolved');
});

it('a waiting hash that is cancelled stops waiting', async () => {
  const schedule = new HashSchedule({ yieldToEncryption: true, quietMs: 5 });
  schedule.busy();
  const abort = new AbortController();
  const turn = schedule.turn(abort.signal);
  abort.abort(new Error('cancelled'));
  await expect(turn).rejects.toThrow('cancelled');
  await expect(schedule.turn(abort.signal)).rejects.toThrow('cancelled');
});
