import { hkdfSync } from 'node:crypto';

import { CROCKFORD_ALPHABET } from '../../../crypto/src/encoding';
import { deriveReceiptSecrets, newReceipt, parseReceipt } from '../../../crypto/src/receipt';

const RECEIPT_FORMAT = new RegExp(`^[${CROCKFORD_ALPHABET}]{4}(-[${CROCKFORD_ALPHABET}]{4}){3}$`);

describe('receipt', () => {
  it('is 16 Crockford base32 characters (80 bits) grouped in fours', () => {
    for (let i = 0; i < 200; i++) expect(newReceipt()).toMatch(RECEIPT_FORMAT);
  });

  it('is drawn at random: 5 000 receipts are all different and use the whole alphabet', () => {
    const receipts = Array.from({ length: 5000 }, () => newReceipt());
    expect(new Set(receipts).size).toBe(receipts.length);
    const seen = new Set(receipts.join('').replace(/-/g, ''));
    expect([...seen].sort().join('')).toBe([...CROCKFORD_ALPHABET].sort().join(''));
  });

  it('is read back however a person retypes it', () => {
    expect(parseReceipt('7kq2 m9xd ab01 zz99')).toBe('7KQ2-M9XD-AB01-ZZ99');
    expect(parseReceipt('7KQ2-M9XD-ABOI-ZZ99')).toBe('7KQ2-M9XD-AB01-ZZ99');
    expect(parseReceipt(' 7kq2m9xdab0lzz99 ')).toBe('7KQ2-M9XD-AB01-ZZ99');
  });

  it.each([
    ['too short', '7KQ2-M9XD-AB01'],
    ['too long', '7KQ2-M9XD-AB01-ZZ99-1'],
    ['U is not in the alphabet', 'UKQ2-M9XD-AB01-ZZ99'],
    ['Cyrillic look-alikes', '7КQ2-M9XD-AB01-ZZ99'],
  ])('refuses a receipt that is %s', (_why, text) => {
    expect(() => parseReceipt(text)).toThrow(expect.objectContaining({ code: 'invalid_receipt' }));
  });
});

describe('deriveReceiptSecrets', () => {
  it('gives the same lookup value and passphrase for the same receipt, however it is typed', async () => {
    const a = await deriveReceiptSecrets('7KQ2-M9XD-AB01-ZZ99');
    const b = await deriveReceiptSecrets('7kq2 m9xd abol zz99');
    expect(b).toEqual(a);
  });

  it('gives unrelated values for different receipts, and the lookup value is not the passphrase', async () => {
    const a = await deriveReceiptSecrets('7KQ2-M9XD-AB01-ZZ99');
    const b = await deriveReceiptSecrets('7KQ2-M9XD-AB01-ZZ98');
    expect(a.receiptLookup).not.toBe(b.receiptLookup);
    expect(a.reporterKeyPassphrase).not.toBe(b.reporterKeyPassphrase);
    expect(a.receiptLookup).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(a.reporterKeyPassphrase, 'base64url')).toHaveLength(32);
  });

  it('matches HKDF-SHA-256 computed independently by node:crypto', async () => {
    const { receiptLookup, reporterKeyPassphrase } = await deriveReceiptSecrets('7KQ2-M9XD-AB01-ZZ99');
    const hkdf = (info: string) =>
      Buffer.from(hkdfSync('sha256', '7KQ2M9XDAB01ZZ99', 'whistle412/receipt/v1', info, 32));
    expect(receiptLookup).toBe(hkdf('lookup').toString('hex'));
    expect(reporterKeyPassphrase).toBe(hkdf('reporter-key-passphrase').toString('base64url'));
  });
});
