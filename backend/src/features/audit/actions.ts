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
  'platform-key.create':
    'the platform signing key (evidence receipts) was made, by admin init or at the first start; details: fingerprint',
  'report.view': 'a reviewer opened a report (GET /api/v1/reports/:id); target: the report id',
  'thread.view':
    "a reviewer read a report's thread with its reporter (GET /api/v1/reports/:id/messages); target: the report id",
  'thread.write': 'a reviewer wrote to the reporter (POST /api/v1/reports/:id/messages); target: the report id',
  'attachment.open':
    'a reviewer read an evidence file to look at it (its first segment, GET /api/v1/attachments/:id/segments/0); target: the file id',
  'attachment.export':
    'a reviewer read an evidence file to save it (its first segment with ?purpose=export); target: the file id',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/**
 * Who did it: a reviewer's username, or one of these. Each holds a colon,
 * which no username may, so an actor is never mistaken for a reviewer.
 */
export const SYSTEM_ACTOR = 'system:server';
export const cliActor = (osUser: string | null) => `cli:${osUser ?? 'unknown'}`;
