import { createMessage, readPrivateKey, readSignature, sign } from 'openpgp';

import {
  canonicalJson,
  createCryptoApi,
  EVIDENCE_RECEIPT_TYPE,
  generateAgencyKey,
  generatePlatformKey,
  openEvidenceReceipt,
  platformSigner,
  type EvidenceReceipt,
} from '../../../crypto/src/index';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-26T11:42:17.123Z');

const receiptFields = (fingerprint: string): EvidenceReceipt => ({
  type: EVIDENCE_RECEIPT_TYPE,
  version: 1,
  platformKey: fingerprint,
  report: null,
  file: 'AAAAAAAAAAAAAAAAAAAAAA',
  addedBy: 'reporter',
  receivedAt: '2026-11-26T11:00:00.000Z',
  segments: [{ index: 0, bytes: 3, sha256: 'a'.repeat(64) }],
  ciphertext: { bytes: 3, sha256: 'b'.repeat(64) },
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes no white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it('gives the same bytes whatever order the keys were written in', () => {
    const one = canonicalJson({ report: null, file: 'f', segments: [{ sha256: 'h', index: 0 }] });
    const two = canonicalJson({ segments: [{ index: 0, sha256: 'h' }], file: 'f', report: null });
    expect(one).toBe(two);
  });

  it('escapes strings as JSON does, Cyrillic and Kazakh included, and leaves out undefined fields', () => {
    expect(canonicalJson({ name: 'Қазақ "дәлел"\n', gone: undefined })).toBe('{"name":"Қазақ \\"дәлел\\"\\n"}');
  });

  it('sorts by code unit however many keys and in whatever order they come', () => {
    // Enough keys for the engine's sort to merge runs as well as insert.
    const keys = Array.from({ length: 300 }, (_, i) => `k${((i * 7919) % 300).toString(36)}`);
    const object = Object.fromEntries(keys.map((key) => [key, 1]));
    const sorted = [...keys].sort();
    expect(canonicalJson(object)).toBe(`{${sorted.map((key) => `"${key}":1`).join(',')}}`);
    expect(canonicalJson(Object.fromEntries([...sorted].reverse().map((key) => [key, 1])))).toBe(canonicalJson(object));
  });

  it('refuses what JSON cannot hold exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('canonical JSON has no NaN or Infinity');
    expect(() => canonicalJson({ n: Infinity })).toThrow('canonical JSON has no NaN or Infinity');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('canonical JSON cannot hold a function');
    expect(() => canonicalJson({ b: 1n })).toThrow('canonical JSON cannot hold a bigint');
  });
});

describe('evidence receipts: signing and checking', () => {
  let key: Awaited<ReturnType<typeof generatePlatformKey>>;
  let signer: Awaited<ReturnType<typeof platformSigner>>;
  beforeAll(async () => {
    key = await generatePlatformKey({ now: NOW });
    signer = await platformSigner({ armoredPrivateKey: key.armoredPrivateKey });
  });

  // Every case checks against the fingerprint the platform published; only the served key varies.
  const openWithKey = (receiptText: string, armoredSignature: string, armoredPlatformKey = key.armoredPublicKey) =>
    openEvidenceReceipt({ receiptText, armoredSignature, armoredPlatformKey, platformFingerprint: key.fingerprint });

  it('makes a v4 key created on the hour, unprotected, with the fingerprint it reports', async () => {
    expect(signer.fingerprint).toBe(key.fingerprint);
    const { readKey } = await import('openpgp');
    const publicKey = await readKey({ armoredKey: key.armoredPublicKey });
    expect(publicKey.keyPacket.version).toBe(4);
    expect(publicKey.getCreationTime().getTime() % HOUR).toBe(0);
    expect(publicKey.getCreationTime().getTime()).toBe(Math.floor(NOW.getTime() / HOUR) * HOUR);
    // What gpg shows to whoever checks a receipt with the published key.
    expect(publicKey.getUserIDs()).toEqual(['Whistle412 platform (evidence receipts)']);
  });

  it('signs the canonical JSON, dated to the hour, and a check against the published fingerprint passes', async () => {
    const { receiptText, armoredSignature } = await signer.signReceipt({
      receipt: receiptFields(key.fingerprint),
      now: new Date(NOW.getTime() + 5 * 60_000),
    });
    expect(receiptText).toBe(canonicalJson(receiptFields(key.fingerprint)));
    const signature = await readSignature({ armoredSignature });
    const created = signature.packets[0]!.created!;
    expect(created.getTime() % HOUR).toBe(0);

    const opened = await createCryptoApi().openReceipt({
      receiptText,
      armoredSignature,
      armoredPlatformKey: key.armoredPublicKey,
      platformFingerprint: key.fingerprint.toUpperCase().replace(/(.{4})/g, '$1 '),
    });
    expect(opened).toMatchObject({ verified: true, fingerprint: key.fingerprint });
    expect(opened.receipt?.file).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    if (opened.verified) expect(opened.signedAt).toBe(created.toISOString());
  });

  it('fails a receipt changed by one byte', async () => {
    const { receiptText, armoredSignature } = await signer.signReceipt({
      receipt: receiptFields(key.fingerprint),
      now: NOW,
    });
    const at = receiptText.indexOf('"bytes":3') + '"bytes":'.length;
    const changed = `${receiptText.slice(0, at)}4${receiptText.slice(at + 1)}`;
    expect(changed).toHaveLength(receiptText.length);
    const opened = await openWithKey(changed, armoredSignature);
    expect(opened).toMatchObject({ verified: false, problem: 'bad_signature' });
  });

  it('fails a receipt signed by another key, even one the server serves', async () => {
    const other = await generatePlatformKey({ now: NOW });
    const forger = await platformSigner({ armoredPrivateKey: other.armoredPrivateKey });
    const { receiptText, armoredSignature } = await forger.signReceipt({
      receipt: receiptFields(other.fingerprint),
      now: NOW,
    });
    // The served key is the forger's, but the published fingerprint is the platform's.
    expect(await openWithKey(receiptText, armoredSignature, other.armoredPublicKey)).toMatchObject({
      verified: false,
      problem: 'platform_key_mismatch',
    });
    // The platform's key, a signature by another.
    expect(await openWithKey(receiptText, armoredSignature)).toMatchObject({
      verified: false,
      problem: 'bad_signature',
    });
  });

  it('refuses a signed text that is not a canonical receipt', async () => {
    const { armoredSignature } = await signer.signReceipt({ receipt: receiptFields(key.fingerprint), now: NOW });
    const opened = await openWithKey('not json', armoredSignature);
    expect(opened.verified).toBe(false);
    expect(opened.receipt).toBeNull();
  });

  it('refuses a text the platform key really signed when it is not the canonical form of a receipt', async () => {
    // The receipt's own fields with white space added: the same JSON value, other bytes, signed by the real key.
    const receiptText = JSON.stringify(receiptFields(key.fingerprint), null, 1);
    const armoredSignature = await sign({
      message: await createMessage({ binary: new TextEncoder().encode(receiptText) }),
      signingKeys: await readPrivateKey({ armoredKey: key.armoredPrivateKey }),
      detached: true,
      format: 'armored',
    });
    expect(await openWithKey(receiptText, armoredSignature)).toEqual({
      verified: false,
      problem: 'not_a_receipt',
      receipt: null,
    });
  });

  it.each([
    ['of another type', { type: 'whistle412/other' }],
    ['of another version', { version: 2 }],
  ])('refuses a canonical text the platform key signed when it is a receipt %s', async (_what, change) => {
    const { receiptText, armoredSignature } = await signer.signReceipt({
      receipt: { ...receiptFields(key.fingerprint), ...change } as EvidenceReceipt,
      now: NOW,
    });
    expect(await openWithKey(receiptText, armoredSignature)).toEqual({
      verified: false,
      problem: 'not_a_receipt',
      receipt: null,
    });
  });

  it('reports a served platform key that is no key as a key mismatch, keeping the receipt read', async () => {
    const receipt = receiptFields(key.fingerprint);
    const { receiptText, armoredSignature } = await signer.signReceipt({ receipt, now: NOW });
    expect(await openWithKey(receiptText, armoredSignature, 'not a key')).toEqual({
      verified: false,
      problem: 'platform_key_mismatch',
      receipt,
    });
  });

  it('will not sign with a file that holds no private key, or a passphrase-protected one', async () => {
    await expect(platformSigner({ armoredPrivateKey: key.armoredPublicKey })).rejects.toMatchObject({
      code: 'invalid_key',
      message: 'The platform signing key file holds no OpenPGP private key.',
    });
    const protectedKey = await generateAgencyKey({ agencyName: 'Agency', passphrase: 'a passphrase' });
    await expect(platformSigner({ armoredPrivateKey: protectedKey.armoredPrivateKey })).rejects.toMatchObject({
      code: 'invalid_key',
      message: 'The platform signing key must not be protected.',
    });
  });
});
