import { ByteReader } from '../../../crypto/src/byte-reader';
import { CryptoError } from '../../../crypto/src/errors';

const reader = (...bytes: number[]) =>
  new ByteReader(Uint8Array.from(bytes), (what) => new CryptoError('invalid_key', `The body: ${what}.`));

describe('ByteReader', () => {
  it('reads big-endian integers and counts what remains', () => {
    const read = reader(0x01, 0x02, 0x03, 0xff, 0xff, 0xff, 0xfe, 0x09);
    expect(read.u8('a')).toBe(1);
    expect(read.u16('b')).toBe(0x0203);
    expect(read.u32('c')).toBe(0xfffffffe);
    expect(read.remaining).toBe(1);
    expect(Array.from(read.take(1, 'd'))).toEqual([9]);
    expect(() => read.end('d')).not.toThrow();
  });

  it('refuses a read past the end, naming what was cut short', () => {
    const read = reader(1, 2, 3);
    expect(() => read.take(4, 'salt')).toThrow('The body: it is cut short in its salt.');
    expect(Array.from(read.take(3, 'salt'))).toEqual([1, 2, 3]);
    expect(() => read.u8('version')).toThrow(expect.objectContaining({ code: 'invalid_key' }));
  });

  it('refuses octets after the end of what the format defines', () => {
    const read = reader(1, 2, 3);
    read.u8('version');
    expect(() => read.end('version')).toThrow('The body: 2 unexpected octets follow its version.');
  });

  it('reads a canonical MPI of up to the bits allowed', () => {
    // 9 bits: 0x01 0xff; 16 bits: 0x80 0x00; 1 bit: 0x01.
    expect(Array.from(reader(0, 9, 0x01, 0xff).mpi(9, 'r'))).toEqual([0x01, 0xff]);
    expect(Array.from(reader(0, 16, 0x80, 0x00).mpi(16, 'r'))).toEqual([0x80, 0x00]);
    expect(Array.from(reader(0, 1, 0x01).mpi(256, 'r'))).toEqual([0x01]);
  });

  it.each([
    ['no bits', [0, 0], 'The body: its r has 0 bits (at most 16).'],
    ['more bits than allowed', [0, 17, 0x01, 0x00, 0x00], 'The body: its r has 17 bits (at most 16).'],
    ['a bit count above its top set bit', [0, 10, 0x01, 0xff], 'The body: its r is not a canonical integer.'],
    ['a bit count below its top set bit', [0, 9, 0x03, 0xff], 'The body: its r is not a canonical integer.'],
    ['fewer octets than its bits need', [0, 16, 0x80], 'The body: it is cut short in its r.'],
  ])('refuses an MPI with %s', (_what, bytes, message) => {
    expect(() => reader(...bytes).mpi(16, 'r')).toThrow(message);
  });
});
