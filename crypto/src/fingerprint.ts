import type { Fingerprint, KeyId } from './types';

const FINGERPRINT = /^[0-9a-f]{40}$/;

/** Accepts a fingerprint as people write it (spaces, colons, any case) or returns null. */
export function parseFingerprint(text: string): Fingerprint | null {
  const compact = text.replace(/[\s:]/g, '').toLowerCase();
  return FINGERPRINT.test(compact) ? (compact as Fingerprint) : null;
}

/** Groups of four, upper case: the form printed on posters and read aloud. */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint
    .toUpperCase()
    .replace(/[^0-9A-F]/g, '')
    .replace(/(.{4})(?=.)/g, '$1 ');
}

export function sameFingerprint(a: string, b: string): boolean {
  const left = parseFingerprint(a);
  return left !== null && left === parseFingerprint(b);
}

export const asKeyId = (hex: string): KeyId => hex.toLowerCase() as KeyId;
