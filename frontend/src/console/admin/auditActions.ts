/**
 * The actions the server records (backend/src/features/audit/actions.ts), for
 * the audit log's filter. The console cannot import the server's list, so
 * tests/unit/audit-chain.test.ts checks that this one names the same actions.
 */
export const AUDIT_FILTER_ACTIONS = [
  'session.login',
  'session.login-failed',
  'session.logout',
  'session.end',
  'session.expire',
  'second-factor.enroll',
  'second-factor.reset',
  'second-factor.recovery-code-used',
  'reviewer.add',
  'reviewer.disable',
  'reviewer.enable',
  'reviewer.reset-password',
  'agency-key.create',
  'agency-key.rotate',
  'reviewer-key.create',
  'reviewer-key.certify',
  'platform-key.create',
  'report.view',
  'thread.view',
  'thread.write',
  'lawyer-thread.view',
  'lawyer-thread.write',
  'attachment.open',
  'attachment.export',
  'report.change',
  'report.note',
  'dashboard.view',
  'dashboard.export',
  'referral.create',
  'referral.export',
  'destination-key.add',
  'destination-key.remove',
] as const;
