/**
 * Every action the audit log records, with what it means. This is the one
 * list: a feature that records something new adds its action here (and to
 * the table in docs/protocol.md, which tests/unit/audit-actions.test.ts
 * compares with this list).
 *
 * Reporter actions are never recorded: an entry carries the exact time, and
 * nothing a reporter does may leave a time finer than the hour (DESIGN.md).
 */
export const AUDIT_ACTIONS = {
  'session.login': 'a reviewer logged in (password and second factor); details: secondFactor, session',
  'session.login-failed':
    'a login step failed; details: stage (password, second-factor, enrollment), reason; actor is the username if it names a reviewer, else unknown:<keyed hash>',
  'session.logout': 'a reviewer logged out; details: session',
  'session.end': "an administrator or the admin command ended a reviewer's sessions; details: reason, sessions",
  'session.expire': 'a session found ended (idle or at its maximum age) was removed; details: reason, session',
  'second-factor.enroll': 'a reviewer enrolled a TOTP second factor and got new recovery codes',
  'second-factor.reset': "an administrator removed a reviewer's second factor (the next login enrolls again)",
  'second-factor.recovery-code-used': 'a reviewer logged in with a recovery code; details: remaining',
  'reviewer.add': 'an account was created; details: roles',
  'reviewer.disable': 'an account was disabled (its sessions end)',
  'reviewer.enable': 'an account was enabled again',
  'reviewer.reset-password': "an account's password was set by an administrator or the admin command",
  'agency-key.create': 'the first agency key was made (admin init); details: fingerprint',
  'agency-key.rotate': 'a new agency key replaced the old one (admin init --force); details: fingerprint, previous',
  'reviewer-key.create':
    'a reviewer stored the key pair their browser made at their first login (private half encrypted with their key passphrase); details: fingerprint',
  'reviewer-key.certify':
    "an administrator certified a reviewer's key with the agency key (made in the administrator's browser); target: the reviewer; details: fingerprint, agencyFingerprint",
  'platform-key.create':
    'the platform signing key (evidence receipts) was made, by admin init or at the first start; details: fingerprint',
  'report.view': 'a reviewer opened a report (GET /api/v1/reports/:id); target: the report id',
  'thread.view':
    "a reviewer read a report's thread with its reporter (GET /api/v1/reports/:id/messages); target: the report id",
  'thread.write': 'a reviewer wrote to the reporter (POST /api/v1/reports/:id/messages); target: the report id',
  'lawyer-thread.view':
    "a reviewer read a report's threads with lawyers (GET /api/v1/reports/:id/lawyer-threads); target: the report id",
  'lawyer-thread.write':
    'a reviewer wrote to a lawyer (POST /api/v1/reports/:id/lawyer-threads/:codeId/messages); target: the report id',
  'attachment.open':
    'a reviewer read an evidence file to look at it (its first segment, GET /api/v1/attachments/:id/segments/0); target: the file id',
  'attachment.export':
    'a reviewer read an evidence file to save it (its first segment with ?purpose=export); target: the file id',
  'report.change':
    "a reviewer changed a report's workflow fields (PATCH /api/v1/reports/:id); target: the report id; details: version and the fields set (status, duplicateOf, assignee, priority, labels; the reason is in the report's history)",
  'report.note':
    'a reviewer added an internal note (encrypted, unreadable to the server); target: the report id; details: n',
  'dashboard.view': 'a reviewer looked at the dashboard (GET /api/v1/dashboard)',
  'dashboard.export': "a reviewer exported the dashboard's figures as CSV (GET /api/v1/dashboard.csv)",
  'referral.create':
    'a reviewer stored an Article 412-1 referral of a report; target: the report id; details: referral',
  'referral.export':
    'a reviewer exported a referral to a destination key; target: the report id; details: referral, destination, files',
  'destination-key.add': 'an administrator registered a destination key; target: its fingerprint; details: name',
  'destination-key.remove': 'an administrator removed a destination key; target: its fingerprint',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/**
 * Who did it: a reviewer's username, or one of these. Each holds a colon,
 * which no username may, so an actor is never mistaken for a reviewer.
 */
export const SYSTEM_ACTOR = 'system:server';
export const cliActor = (osUser: string | null) => `cli:${osUser ?? 'unknown'}`;
