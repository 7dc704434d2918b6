import { createHash } from 'node:crypto';

import { resumeSha256 } from '../../../crypto/src/resumable-sha256';
import { seededRandom } from '../../support/openpgp-bytes';

const SEED = 41207;
const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe(`a SHA-256 saved and resumed between pieces (seed ${SEED})`, () => {
  const random = seededRandom(SEED);
  const data = random.bytes(1000);

  it('gives the standard digest of nothing and of "abc" (FIPS 180-4 examples)', () => {
    expect(resumeSha256().hexDigest()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const abc = resumeSha256(resumeSha256().update(new TextEncoder().encode('ab')).save());
    expect(abc.update(new TextEncoder().encode('c')).hexDigest()).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches node:crypto when saved and resumed at every split point', () => {
    for (let split = 0; split <= 200; split++) {
      const saved = resumeSha256().update(data.subarray(0, split)).save();
      expect(resumeSha256(saved).update(data.subarray(split)).hexDigest()).toBe(nodeSha256(data));
    }
  });

  it('matches node:crypto over many pieces of random sizes, saved after each', () => {
    let saved: string | null = null;
    let at = 0;
    while (at < data.length) {
      const size = Math.min(data.length - at, 1 + Math.floor(random.next() * 150));
      saved = resumeSha256(saved)
        .update(data.subarray(at, at + size))
        .save();
      at += size;
    }
    expect(resumeSha256(saved).hexDigest()).toBe(nodeSha256(data));
    expect(saved!.length).toBeLessThan(250);
  });

  it('refuses a damaged state, saying which way it is damaged (the server logs it as a fault)', () => {
    const saved = resumeSha256().update(data.subarray(0, 70)).save();
    const doesNotAddUp = new TypeError('a saved SHA-256 state that does not add up');
    const notAState = new TypeError('not a saved SHA-256 state');
    expect(() => resumeSha256(saved.replace(':70:', ':71:'))).toThrow(doesNotAddUp);
    expect(() => resumeSha256(`${saved}00`)).toThrow(doesNotAddUp);
    expect(() => resumeSha256('v2:')).toThrow(notAState);
    expect(() => resumeSha256(saved.replace(/^v1:[0-9a-f]{8}/, 'v1:'))).toThrow(notAState); // seven words
  });
});
