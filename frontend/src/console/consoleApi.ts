import { apiRequest } from '../shared/api';

export interface Session {
  token: string;
  expiresAt: string;
  reviewer: { username: string; roles: string[] };
}

/** A listed report: workflow fields only; everything the reporter wrote is in StoredReport's ciphertext. */
export interface ReportSummary {
  id: string;
  receivedAt: string;
  status: string;
}

export interface StoredReport extends ReportSummary {
  envelopeVersion: number;
  armoredReport: string;
  hasReporterKey: boolean;
}

export const login = (username: string, password: string) =>
  apiRequest<Session>('/v1/session', { method: 'POST', body: { username, password } });

export const logout = (token: string) => apiRequest<void>('/v1/session', { method: 'DELETE', token });

/** The active inbox, or the archive of closed and referred reports. */
export type InboxView = 'active' | 'archive';

export function listReports(token: string, cursor: string | null, view: InboxView = 'active') {
  const query = new URLSearchParams({ limit: '50', view });
  if (cursor) query.set('cursor', cursor);
  return apiRequest<{ reports: ReportSummary[]; nextCursor: string | null }>(`/v1/reports?${query}`, { token });
}

export const getReport = (token: string, id: string) =>
  apiRequest<StoredReport>(`/v1/reports/${encodeURIComponent(id)}`, { token });
