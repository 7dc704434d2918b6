/// <reference types="jest" />
import { coalesce } from '../../frontend/src/shared/coalesce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('passes on at most one value per period, always the latest, and the last one arrives', async () => {
  const seen: number[] = [];
  const report = coalesce((value: number) => seen.push(value), 20);
  for (let i = 1; i <= 5; i++) report(i);
  expect(seen).toEqual([]);
  await sleep(40);
  expect(seen).toEqual([5]);
  report(6);
  await sleep(40);
  report(7);
  report(8);
  await sleep(40);
  expect(seen).toEqual([5, 6, 8]);
});
