import { inspectEncryptedMessage, inspectEncryptedPackets } from '../../../crypto/src/inspect';
import { armorBlock, concat, newPacket, unarmorBlock } from '../../support/openpgp-bytes';

/**
 * One crafted message per refusal of the strict reader, each checked for its code and for a message that names
 * what was wrong (the API passes both on). Crafted bytes, no key generation: this is the suite mutation testing
 * runs against crypto/src/inspect.ts (docs/testing.md); the hostile corpus covers the same ground with real
 * messages, at far greater cost.
 */
const KEY_ID = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
/** A curve25519 ephemeral point as an MPI: 263 bits, 0x40 then 32 octets. */
const EPHEMERAL = concat(Uint8Array.of(0x01, 0x07, 0x40), new Uint8Array(32).fill(7));

function pkesk({
  version = 3,
  keyId = KEY_ID,
  algorithm = 18,
  wrapped = 48,
  extra = new Uint8Array(0),
}: { version?: number; keyId?: Uint8Array; algorithm?: number; wrapped?: number; extra?: Uint8Array } = {}) {
  return newPacket(
    1,
    concat(
      Uint8Array.of(version),
      keyId,
      Uint8Array.of(algorithm),
      EPHEMERAL,
      Uint8Array.of(wrapped),
      new Uint8Array(wrapped).fill(9),
      extra,
    ),
  );
}
const seipd = (version = 1, length = 60) =>
  newPacket(18, concat(Uint8Array.of(version), new Uint8Array(length - 1).fill(3)));
const inspect = (...packets: Uint8Array[]) => inspectEncryptedPackets(concat(...packets));

describe('the strict reader of encrypted messages', () => {
  it('reads the recipients of session key packets followed by one encrypted data packet, in order', () => {
    const other = Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1);
    expect(inspect(pkesk(), pkesk({ keyId: other }), seipd())).toEqual({
      recipientKeyIds: ['0102030405060708', '0807060504030201'],
    });
    // 33 octets is the least that holds a version, a 10-octet prefix and the encrypted MDC.
    expect(inspect(pkesk(), seipd(1, 33)).recipientKeyIds).toHaveLength(1);
  });

  it('re-armors exactly the packets it read', async () => {
    const bytes = concat(pkesk(), seipd());
    const armored = armorBlock('message', bytes).replace('\n\n', '\nComment: dropped\n\n');
    const { canonicalArmoredMessage } = inspectEncryptedMessage({ armoredMessage: armored });
    expect(canonicalArmoredMessage).not.toContain('Comment');
    expect(Buffer.from(await unarmorBlock(canonicalArmoredMessage))).toEqual(Buffer.from(bytes));
  });

  it.each([
    [
      'a session key packet of version 6',
      [pkesk({ version: 6 }), seipd()],
      'unsupported_format',
      /Packet 1 \(public-key encrypted session key\): version 6 is not accepted/,
    ],
    [
      'hidden recipients (gpg --throw-keyids)',
      [pkesk({ keyId: new Uint8Array(8) }), seipd()],
      'hidden_recipients',
      /hides its recipients/,
    ],
    ['an RSA session key', [pkesk({ algorithm: 1 }), seipd()], 'unsupported_format', /public-key algorithm 1;/],
    [
      'a wrapped key of 16 octets',
      [pkesk({ wrapped: 16 }), seipd()],
      'malformed_packets',
      /Packet 1 \(public-key encrypted session key\): a wrapped session key of 16 octets/,
    ],
    [
      'a wrapped key of 72 octets',
      [pkesk({ wrapped: 72 }), seipd()],
      'malformed_packets',
      /wrapped session key of 72 octets/,
    ],
    [
      'a wrapped key of 44 octets',
      [pkesk({ wrapped: 44 }), seipd()],
      'malformed_packets',
      /wrapped session key of 44 octets/,
    ],
    [
      'octets after the wrapped key',
      [pkesk({ extra: Uint8Array.of(0) }), seipd()],
      'malformed_packets',
      /1 unexpected octets follow its wrapped session key/,
    ],
    [
      'encrypted data with no session key before it',
      [seipd()],
      'not_encrypted',
      /Packet 1 \(encrypted data \(SEIPD\)\): no public-key encrypted session key comes before it/,
    ],
    [
      'AEAD encrypted data (SEIPD v2)',
      [pkesk(), seipd(2)],
      'unsupported_format',
      /Packet 2 .*AEAD \(SEIPD version 2\) is not accepted/,
    ],
    [
      'encrypted data of version 3',
      [pkesk(), seipd(3)],
      'unsupported_format',
      /Packet 2 .*version 3 is not accepted \(only 1\)/,
    ],
    ['encrypted data too short to hold any', [pkesk(), seipd(1, 32)], 'malformed_packets', /Packet 2: too short/],
    [
      'encrypted data without integrity protection',
      [pkesk(), newPacket(9, new Uint8Array(40))],
      'unsupported_format',
      /Packet 2 .*only SEIPD version 1/,
    ],
    [
      'an AEAD encrypted data packet',
      [pkesk(), newPacket(20, new Uint8Array(40))],
      'unsupported_format',
      /Packet 2 .*only SEIPD version 1/,
    ],
    [
      'a literal data packet',
      [pkesk(), newPacket(11, new Uint8Array(10)), seipd()],
      'not_encrypted',
      /Packet 2 \(literal data \(plaintext\)\): a report holds only/,
    ],
    [
      'a session key packet after the encrypted data',
      [pkesk(), seipd(), pkesk()],
      'not_encrypted',
      /Packet 3 .*nothing may follow the encrypted data packet/,
    ],
    [
      'session keys and no encrypted data',
      [pkesk(), pkesk()],
      'not_encrypted',
      /does not end with an encrypted data packet/,
    ],
    ['nothing at all', [], 'not_encrypted', /does not end with an encrypted data packet/],
    ['65 recipients', [...Array<Uint8Array>(65).fill(pkesk()), seipd()], 'too_many_recipients', /more than 64 keys/],
  ])('refuses %s', (_what, packets, code, message) => {
    expect(() => inspect(...packets)).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
  });

  it('takes wrapped keys of 24 and 64 octets, the bounds of AES key wrap', () => {
    expect(inspect(pkesk({ wrapped: 24 }), pkesk({ wrapped: 64 }), seipd()).recipientKeyIds).toHaveLength(2);
  });

  it.each([
    [1, 'key ID'],
    [9, 'algorithm'],
    [10, 'ephemeral key'],
    [10 + EPHEMERAL.length, 'wrapped key length'],
    [11 + EPHEMERAL.length, 'wrapped session key'],
  ])('a session key packet cut after %i octets names the field it lacks (%s)', (octets, field) => {
    const body = pkesk().subarray(2, 2 + octets);
    expect(() => inspect(newPacket(1, body), seipd())).toThrow(
      expect.objectContaining({
        code: 'malformed_packets',
        message: expect.stringContaining(`cut short in its ${field}`),
      }),
    );
  });

  it('an empty session key packet names its version as missing', () => {
    expect(() => inspect(newPacket(1, new Uint8Array(0)), seipd())).toThrow(/cut short in its version/);
  });

  it('takes 64 recipients', () => {
    expect(inspect(...Array<Uint8Array>(64).fill(pkesk()), seipd()).recipientKeyIds).toHaveLength(64);
  });
});
