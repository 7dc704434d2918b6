import { readFileSync } from 'node:fs';
import path from 'node:path';

import { AUDIT_ACTION_NAMES } from '../../backend/src/features/audit/actions';
import { AUDIT_FILTER_ACTIONS } from '../../frontend/src/console/admin/auditActions';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../backend/src/features/audit/chain';

const ENTRY = {
  _id: 7,
  at: new Date('2026-11-25T10:37:42.123Z'),
  actor: 'rev.one',
  action: 'report.view',
  target: 'Yk3abc',
  details: { b: 1, a: 'x' },
  prevHash: GENESIS_HASH,
};

describe('the audit chain', () => {
  it('hashes a canonical form: key order does not matter, nested keys sorted', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(entryHash({ ...ENTRY, details: { a: 'x', b: 1 } })).toBe(entryHash(ENTRY));
  });

  it.each([
    ['the number', { _id: 8 }],
    ['the time, by a millisecond', { at: new Date('2026-11-25T10:37:42.124Z') }],
    ['the actor', { actor: 'rev.two' }],
    ['the action', { action: 'session.login' }],
    ['the target', { target: null }],
    ['a detail', { details: { b: 2, a: 'x' } }],
    ['a detail’s type', { details: { b: '1', a: 'x' } }],
    ['the previous hash', { prevHash: '1'.repeat(64) }],
  ])('changes with %s', (_what, change) => {
    expect(entryHash({ ...ENTRY, ...change })).not.toBe(entryHash(ENTRY));
  });
});

describe('docs/protocol.md', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## The audit log'));
  const documented = [...section.matchAll(/^\| `([a-z-]+\.[a-z-]+)` /gm)].map((m) => m[1]);

  it('lists exactly the actions the code records (features/audit/actions.ts)', () => {
    expect([...documented].sort()).toEqual([...AUDIT_ACTION_NAMES].sort());
  });
});

describe("the console's audit log filter", () => {
  it('offers every action the server records, and only those', () => {
    expect([...AUDIT_FILTER_ACTIONS].sort()).toEqual([...AUDIT_ACTION_NAMES].sort());
  });
});
