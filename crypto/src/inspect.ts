import { readArmor, writeArmor } from './armor';
import { ByteReader } from './byte-reader';
import { toHex } from './encoding';
import { CryptoError } from './errors';
import { asKeyId } from './fingerprint';
import { packetName, PacketTag, walkPackets, type Packet } from './packets';
import type { KeyId } from './types';

/**
 * Limits on a message from outside. The platform's recipient set is the
 * agency key plus, later, each reviewer key: a few dozen at most.
 */
export const MESSAGE_LIMITS = {
  maxRecipients: 64,
  /** 300 000 armored characters hold about 220 KiB; gpg's partial chunks are 8 KiB or more. */
  maxPartialChunks: 1024,
} as const;

/** gpg's --throw-keyids writes this in place of the recipient; such a message cannot be checked. */
const WILDCARD_KEY_ID = '0000000000000000';
/** ECDH (RFC 9580 §5.1.4), the algorithm of every encryption subkey the platform makes. */
const ECDH = 18;
/** Largest ECDH ephemeral point: NIST P-521 uncompressed, 0x04 and two 66-octet coordinates. */
const MAX_EPHEMERAL_BITS = 1059;
/** Version 1 data: the version octet, a random prefix (block size + 2, at least 10) and the encrypted MDC (22). */
const MIN_SEIPD_LENGTH = 1 + 10 + 22;

export interface InspectedMessage {
  recipientKeyIds: KeyId[];
  /**
   * The message armored again from its packets alone: armor headers (such as
   * `Comment:`) are dropped, so whatever is stored is ciphertext and nothing else.
   */
  canonicalArmoredMessage: string;
  /** The packets the armor held, as read: what the server derives a report's id from, without decoding it again. */
  packets: Uint8Array;
}

const refuse = (code: 'not_encrypted' | 'unsupported_format', packet: Packet, what: string) =>
  new CryptoError(code, `Packet ${packet.index} (${packetName(packet.tag)}): ${what}.`);

/** The recipient of one PKESK v3 packet, read from its header bytes; its body must be exactly what ECDH defines. */
function readSessionKeyPacket(packet: Packet): KeyId {
  // The walk refuses partial lengths on this packet type, so the body came in one piece.
  const body = packet.body!;
  const malformed = (what: string) =>
    new CryptoError('malformed_packets', `Packet ${packet.index} (${packetName(packet.tag)}): ${what}.`);
  const reader = new ByteReader(body, malformed);
  const version = reader.u8('version');
  if (version !== 3) {
    throw refuse(
      'unsupported_format',
      packet,
      `version ${version} is not accepted; the platform reads version 3 (v4 keys, readable by gpg 2.2)`,
    );
  }
  const keyId = toHex(reader.take(8, 'key ID'));
  if (keyId === WILDCARD_KEY_ID) {
    throw new CryptoError(
      'hidden_recipients',
      'The message hides its recipients (gpg --throw-keyids): encrypt it without hiding them.',
    );
  }
  const algorithm = reader.u8('algorithm');
  if (algorithm !== ECDH) {
    throw refuse('unsupported_format', packet, `public-key algorithm ${algorithm}; the platform's keys use ECDH (18)`);
  }
  reader.mpi(MAX_EPHEMERAL_BITS, 'ephemeral key');
  const wrapped = reader.u8('wrapped key length');
  if (wrapped < 24 || wrapped > 64 || wrapped % 8 !== 0) throw malformed(`a wrapped session key of ${wrapped} octets`);
  reader.take(wrapped, 'wrapped session key');
  reader.end('wrapped session key');
  return asKeyId(keyId);
}

/**
 * Reads who an encrypted message is addressed to from its packet framing,
 * without decrypting or parsing anything it does not need. Accepts exactly
 * one armored block (see `readArmor`) holding one or more PKESK v3 packets and
 * then exactly one SEIPD v1 packet, and nothing else: every other packet type,
 * at any position, is refused, as are AEAD (SEIPD v2) messages, which GnuPG
 * 2.2 cannot read, and hidden recipients. The cost is one pass over the bytes.
 */
export function inspectEncryptedMessage({ armoredMessage }: { armoredMessage: string }): InspectedMessage {
  const bytes = readArmor(armoredMessage, 'MESSAGE');
  const { recipientKeyIds } = inspectEncryptedPackets(bytes);
  return { recipientKeyIds, canonicalArmoredMessage: writeArmor('MESSAGE', bytes), packets: bytes };
}

/**
 * The same strict reading of a binary message (an evidence file's segment,
 * which travels without armor): PKESK v3 packets, then exactly one SEIPD v1
 * packet, nothing else.
 */
export function inspectEncryptedPackets(bytes: Uint8Array): { recipientKeyIds: KeyId[] } {
  const recipientKeyIds: KeyId[] = [];
  let encryptedData = false;
  for (const packet of walkPackets(bytes, MESSAGE_LIMITS)) {
    if (encryptedData) {
      throw refuse('not_encrypted', packet, 'nothing may follow the encrypted data packet');
    }
    switch (packet.tag) {
      case PacketTag.publicKeyEncryptedSessionKey:
        if (recipientKeyIds.length === MESSAGE_LIMITS.maxRecipients) {
          throw new CryptoError(
            'too_many_recipients',
            `The message is encrypted to more than ${MESSAGE_LIMITS.maxRecipients} keys.`,
          );
        }
        recipientKeyIds.push(readSessionKeyPacket(packet));
        break;
      case PacketTag.symEncryptedIntegrityProtectedData: {
        if (recipientKeyIds.length === 0) {
          throw refuse('not_encrypted', packet, 'no public-key encrypted session key comes before it');
        }
        const version = packet.head[0];
        if (version === 2) {
          throw refuse(
            'unsupported_format',
            packet,
            'AEAD (SEIPD version 2) is not accepted: GnuPG 2.2 cannot read it; the platform accepts version 1',
          );
        }
        if (version !== 1) throw refuse('unsupported_format', packet, `version ${version} is not accepted (only 1)`);
        if (packet.bodyLength < MIN_SEIPD_LENGTH) {
          throw new CryptoError('malformed_packets', `Packet ${packet.index}: too short to hold encrypted data.`);
        }
        encryptedData = true;
        break;
      }
      case PacketTag.aeadEncryptedData:
      case PacketTag.symmetricallyEncryptedData:
        throw refuse('unsupported_format', packet, 'the platform accepts only SEIPD version 1 encrypted data');
      default:
        throw refuse(
          'not_encrypted',
          packet,
          'a report holds only public-key encrypted session keys followed by one encrypted data packet',
        );
    }
  }
  if (!encryptedData) {
    throw new CryptoError(
      'not_encrypted',
      'The message does not end with an encrypted data packet: it must be encrypted to a public key and hold nothing else.',
    );
  }
  return { recipientKeyIds };
}
