import { isCryptoError } from '../../../crypto/src/errors';
import { RefMap } from '../../../crypto/src/refs';

/** What `get` threw for `ref` (it must throw). */
function refusal(refs: RefMap<unknown>, ref: string): unknown {
  try {
    refs.get(ref);
  } catch (error) {
    return error;
  }
  throw new Error(`get(${ref}) did not throw`);
}

describe('RefMap, the references a crypto endpoint hands out for what it keeps between calls', () => {
  it('hands out a distinct, unguessable reference per item, named by its kind, and gives each item back', () => {
    const refs = new RefMap<{ n: number }>('file');
    const items = Array.from({ length: 50 }, (_, n) => ({ n }));
    const handed = items.map((item) => refs.add(item));
    // The kind, then 12 random octets: a reference from one file or endpoint says nothing about another's.
    for (const ref of handed) expect(ref).toMatch(/^file_[0-9a-f]{24}$/);
    expect(new Set(handed).size).toBe(items.length);
    handed.forEach((ref, n) => {
      expect(refs.get(ref)).toBe(items[n]);
      expect(refs.find(ref)).toBe(items[n]);
    });
    // The same item added twice is two references.
    expect(refs.add(items[0]!)).not.toBe(handed[0]);
  });

  it('refuses a reference it never handed out, or one of another kind, as unknown_ref', () => {
    const files = new RefMap<string>('file');
    const hashes = new RefMap<string>('hash');
    const hashRef = hashes.add('a hash');
    for (const ref of ['file_000000000000000000000000', hashRef, '', 'constructor', '__proto__']) {
      const error = refusal(files, ref);
      expect(isCryptoError(error)).toBe(true);
      expect(error).toMatchObject({ name: 'CryptoError', code: 'unknown_ref' });
      expect(files.find(ref)).toBeUndefined();
    }
  });

  it('forgets an item deleted, and every item when cleared; deleting what is gone is harmless', () => {
    const refs = new RefMap<string>('recipients');
    const first = refs.add('first');
    const second = refs.add('second');
    refs.delete(first);
    expect(refusal(refs, first)).toMatchObject({ code: 'unknown_ref' });
    expect(refs.find(first)).toBeUndefined();
    expect(refs.get(second)).toBe('second');
    expect(() => refs.delete(first)).not.toThrow();

    const third = refs.add('third');
    refs.clear();
    for (const ref of [second, third]) {
      expect(refusal(refs, ref)).toMatchObject({ code: 'unknown_ref' });
      expect(refs.find(ref)).toBeUndefined();
    }
  });

  it('keeps falsy items (an empty string, 0, null): only a missing reference is refused', () => {
    const refs = new RefMap<unknown>('x');
    for (const item of ['', 0, null, false]) expect(refs.get(refs.add(item))).toBe(item);
  });
});
