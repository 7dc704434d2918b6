import { CryptoError, isCryptoError } from '../../../crypto/src/errors';

describe('CryptoError, the failures the crypto layer reports on purpose', () => {
  it('carries its stable code and its message, and is an Error named CryptoError', () => {
    const error = new CryptoError('wrong_passphrase', 'The passphrase does not unlock this key.');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CryptoError');
    expect(error.code).toBe('wrong_passphrase');
    expect(error.message).toBe('The passphrase does not unlock this key.');
    // What a log line or an uncaught error shows.
    expect(String(error)).toBe('CryptoError: The passphrase does not unlock this key.');
  });

  it('is told apart from every other failure by isCryptoError, whatever else looks like it', () => {
    expect(isCryptoError(new CryptoError('invalid_key', 'x'))).toBe(true);
    // Only a CryptoError: the worker boundary and the pages branch on its code, so nothing else may pass.
    const lookalike = Object.assign(new Error('x'), { name: 'CryptoError', code: 'invalid_key' });
    for (const other of [lookalike, { name: 'CryptoError', code: 'invalid_key', message: 'x' }, new TypeError('x')]) {
      expect(isCryptoError(other)).toBe(false);
    }
    for (const other of [null, undefined, 'invalid_key', 0]) expect(isCryptoError(other)).toBe(false);
  });
});
