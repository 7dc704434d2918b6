import { toCrockfordBase32 } from '../../../crypto/src/encoding';

/**
 * A short, stable handle for talking about a report ("7KQ-M9X"): the first
 * 30 bits of its random id in Crockford base32, which has no look-alike
 * letters. Says nothing about the report, as the id says nothing.
 */
export function reportReference(id: string): string {
  const bytes = Uint8Array.from(atob(id.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return toCrockfordBase32(bytes.slice(0, 4))
    .slice(0, 6)
    .replace(/(.{3})/, '$1-');
}
