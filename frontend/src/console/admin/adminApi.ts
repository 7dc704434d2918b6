import { apiRequest } from '../../shared/api';

export interface ReviewerRow {
  username: string;
  roles: string[];
  createdAt: string;
  disabledAt: string | null;
  secondFactor: { enrolledAt: string } | null;
  lastLoginAt: string | null;
  activeSessions: number;
  lastActiveAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, string | number | boolean | null>;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
  head: { seq: number; hash: string };
}

export type AccountAction = 'disable' | 'enable' | 'end-sessions' | 'reset-second-factor';

const named = (username: string) => `/v1/admin/reviewers/${encodeURIComponent(username)}`;

export const listReviewers = (token: string) =>
  apiRequest<{ reviewers: ReviewerRow[] }>('/v1/admin/reviewers', { token });

export const addReviewer = (token: string, body: { username: string; password: string; administrator: boolean }) =>
  apiRequest<{ username: string }>('/v1/admin/reviewers', { method: 'POST', token, body });

export const accountAction = (token: string, username: string, action: AccountAction) =>
  apiRequest<{ username: string; endedSessions?: number }>(`${named(username)}/${action}`, { method: 'POST', token });

export const resetPassword = (token: string, username: string, password: string) =>
  apiRequest<{ username: string; endedSessions: number }>(`${named(username)}/password`, {
    method: 'POST',
    token,
    body: { password },
  });

export function listAudit(
  token: string,
  { before, actor, action, target }: { before?: number | null; actor?: string; action?: string; target?: string },
) {
  const query = new URLSearchParams({ limit: '50' });
  if (before) query.set('before', String(before));
  if (actor) query.set('actor', actor);
  if (action) query.set('action', action);
  if (target) query.set('target', target);
  return apiRequest<AuditPage>(`/v1/admin/audit?${query}`, { token });
}
