import { createHash } from 'node:crypto';

import type { AuditDetails, AuditEntryRecord } from './model';

export const GENESIS_HASH = '0'.repeat(64);
/** Names the format, so a later change of what is hashed is a new version, not a silent break. */
const DOMAIN = 'whistle412 audit entry v1\n';

/** JSON with object keys sorted at every level: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export type UnsealedEntry = Omit<AuditEntryRecord, 'hash'>;

/** The hash covers every field of the entry, its sequence number and the previous entry's hash. */
export function entryHash(entry: UnsealedEntry): string {
  const content = canonicalJson({
    seq: entry._id,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? {},
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(DOMAIN).update(content).digest('hex');
}

export const seal = (entry: UnsealedEntry): AuditEntryRecord => ({ ...entry, hash: entryHash(entry) });

/** Keeps a details object to the flat shape the log stores. */
export function cleanDetails(details: Record<string, unknown> | undefined): AuditDetails {
  const clean: AuditDetails = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (value === undefined) continue;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      clean[key] = value;
    } else {
      clean[key] = String(value);
    }
  }
  return clean;
}
