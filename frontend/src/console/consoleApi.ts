import type { ServedReceipt } from '../files/evidenceReceipt';
import { ApiError, apiRequest } from '../shared/api';
import type { StoredMessage } from '../shared/thread-message';
import type { StoredLawyerThread } from './lawyerThreads';
import type { LoginChallenge } from './logIn';

export interface Session {
  token: string;
  expiresAt: string;
  reviewer: { username: string; roles: string[] };
  /** After a login with a recovery code: how many are left. */
  recoveryCodesLeft?: number;
}

/** What the password step answers: a token for the second step, and at the first login a new TOTP secret. */
export interface LoginTicket {
  next: 'second-factor' | 'enrollment';
  loginToken: string;
  expiresAt: string;
  enrollment?: { secret: string; otpauthUri: string };
}

type Proof = { proofOfWork?: { challenge: string; nonce: string } };

// The report's types live apart, free of the DOM, so the pure parts (openReport) and their tests can use them.
export * from './reportTypes';
import type { StoredReport, ReportSummary, TriageStatus, Priority } from './reportTypes';

export const postSession = (body: { username: string; password: string } & Proof) =>
  apiRequest<LoginTicket>('/v1/session', { method: 'POST', body });

export const postSecondFactor = (body: { loginToken: string; code?: string; recoveryCode?: string } & Proof) =>
  apiRequest<Session>('/v1/session/second-factor', { method: 'POST', body });

export const postEnrollment = (body: { loginToken: string; code: string } & Proof) =>
  apiRequest<Session & { recoveryCodes: string[] }>('/v1/session/enrollment', { method: 'POST', body });

/** A proof-of-work challenge at this username's current difficulty (asked for after failed attempts). */
export const getLoginChallenge = (username: string) =>
  apiRequest<LoginChallenge>('/v1/session/challenge', { method: 'POST', body: { username } });

export const logout = (token: string) => apiRequest<void>('/v1/session', { method: 'DELETE', token });

/** The active inbox, or the archive of closed and referred reports. */
export type InboxView = 'active' | 'archive';

/** The inbox's filters and sort, as the query string names them; empty values are left out. */
export interface InboxQuery {
  status?: string;
  assignee?: string;
  priority?: string;
  label?: string;
  receivedFrom?: string;
  receivedTo?: string;
  overdue?: boolean;
  unreadReplies?: boolean;
  sort?: string;
}

export function listReports(
  token: string,
  cursor: string | null,
  view: InboxView = 'active',
  filters: InboxQuery = {},
) {
  const query = new URLSearchParams({ limit: '50', view });
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined || value === '' || value === false) continue;
    query.set(name, String(value));
  }
  if (cursor) query.set('cursor', cursor);
  return apiRequest<{ reports: ReportSummary[]; nextCursor: string | null; total: number }>(`/v1/reports?${query}`, {
    token,
  });
}

/** A reviewer's triage change, made on `version`; 409 `report_changed` when someone else changed it first. */
export interface TriageChange {
  version: number;
  status?: TriageStatus;
  reason?: string;
  duplicateOf?: string;
  assignee?: string | null;
  priority?: Priority;
  labels?: string[];
}

export const changeReport = (token: string, id: string, body: TriageChange) =>
  apiRequest<ReportSummary>(`/v1/reports/${encodeURIComponent(id)}`, { method: 'PATCH', body, token });

export interface ReportChange {
  version: number;
  at: string;
  actor: string;
  changes: Partial<Record<'status' | 'reason' | 'duplicateOf' | 'assignee' | 'priority' | 'labels', unknown>>;
}

export const getHistory = (token: string, id: string) =>
  apiRequest<{ changes: ReportChange[] }>(`/v1/reports/${encodeURIComponent(id)}/history`, { token });

export const listNotes = (token: string, id: string) =>
  apiRequest<{ notes: { n: number; author: string; at: string; armoredNote: string }[] }>(
    `/v1/reports/${encodeURIComponent(id)}/notes`,
    { token },
  );

export const postNote = (token: string, id: string, armoredNote: string) =>
  apiRequest<{ n: number }>(`/v1/reports/${encodeURIComponent(id)}/notes`, {
    method: 'POST',
    body: { armoredNote },
    token,
  });

export interface DashboardFigures {
  generatedAt: string;
  total: number;
  byStatus: Record<string, number>;
  byPriority: Record<string, number>;
  byAssignee: Record<string, number>;
  byAge: Record<string, number>;
  overdue: { acknowledge: number; feedback: number };
  receivedPerWeek: { week: string; count: number }[];
  referredPerMonth: { month: string; count: number }[];
}

export const getDashboard = (token: string) => apiRequest<DashboardFigures>('/v1/dashboard', { token });

/** The dashboard's figures as CSV text (the server records the export). */
export async function getDashboardCsv(token: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/api/v1/dashboard.csv', {
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(response.status, payload?.error?.code ?? 'http_error', payload?.error?.message ?? '');
  }
  return response.text();
}

export const getReport = (token: string, id: string) =>
  apiRequest<StoredReport>(`/v1/reports/${encodeURIComponent(id)}`, { token });

/** A file sent with a report, as the server knows it: ciphertext facts only. */
export interface StoredAttachment {
  id: string;
  segmentCount: number;
  ciphertextBytes: number;
}

export const listAttachments = (token: string, reportId: string) =>
  apiRequest<{ attachments: StoredAttachment[] }>(`/v1/reports/${encodeURIComponent(reportId)}/attachments`, { token });

/** A file's chain of custody: its signed receipt and the audit entries naming it (newest first). */
export interface Custody {
  receipt: ServedReceipt | null;
  events: { at: string; actor: string; action: string }[];
}

export const getCustody = (token: string, id: string) =>
  apiRequest<Custody>(`/v1/attachments/${encodeURIComponent(id)}/custody`, { token });

/**
 * One encrypted segment, as bytes. `purpose` says why the file is read (the
 * server records the first segment's read in the file's custody).
 */
export async function getSegment(
  token: string,
  id: string,
  index: number,
  signal: AbortSignal,
  purpose: 'open' | 'export' = 'open',
): Promise<Uint8Array<ArrayBuffer>> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/attachments/${encodeURIComponent(id)}/segments/${index}?purpose=${purpose}`, {
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(response.status, payload?.error?.code ?? 'http_error', payload?.error?.message ?? '');
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** The reviewer's own key pair as stored: the private half encrypted with their key passphrase. */
export interface OwnKey {
  fingerprint: string;
  armoredPublicKey: string;
  armoredPrivateKey: string;
  createdAt: string;
  /** Certified by the current agency key: new reports are encrypted to it. */
  certified: boolean;
}

export const getOwnKey = (token: string) => apiRequest<{ key: OwnKey | null }>('/v1/reviewer-key', { token });

export const postOwnKey = (token: string, body: { armoredPublicKey: string; armoredPrivateKey: string }) =>
  apiRequest<{ fingerprint: string; certified: boolean }>('/v1/reviewer-key', { method: 'POST', token, body });
/** A report's thread with its reporter; reading it clears the report's unread-replies flag. */
export const getThread = (token: string, reportId: string) =>
  apiRequest<{ reporterPublicKey: string | null; messages: StoredMessage[] }>(
    `/v1/reports/${encodeURIComponent(reportId)}/messages`,
    { token },
  );

export const postThreadMessage = (token: string, reportId: string, armoredMessage: string) =>
  apiRequest<{ id: string; sentAt: string }>(`/v1/reports/${encodeURIComponent(reportId)}/messages`, {
    method: 'POST',
    token,
    body: { armoredMessage },
  });

/** Every lawyer's thread of a report (features/lawyers); reading them is audited. */
export const getLawyerThreads = (token: string, reportId: string) =>
  apiRequest<{ threads: StoredLawyerThread[] }>(`/v1/reports/${encodeURIComponent(reportId)}/lawyer-threads`, {
    token,
  });

export const postLawyerThreadMessage = (token: string, reportId: string, codeId: string, armoredMessage: string) =>
  apiRequest<{ id: string; sentAt: string }>(
    `/v1/reports/${encodeURIComponent(reportId)}/lawyer-threads/${encodeURIComponent(codeId)}/messages`,
    { method: 'POST', token, body: { armoredMessage } },
  );
