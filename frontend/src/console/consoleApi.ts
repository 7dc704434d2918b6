import type { ServedReceipt } from '../files/evidenceReceipt';
import { ApiError, apiRequest } from '../shared/api';
import type { StoredMessage } from '../shared/thread-message';
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

/** A listed report: workflow fields only; everything the reporter wrote is in StoredReport's ciphertext. */
export interface ReportSummary {
  id: string;
  receivedAt: string;
  status: string;
  /** The reporter wrote in the thread since a reviewer last read it. */
  unreadReplies?: boolean;
}

export interface StoredReport extends ReportSummary {
  envelopeVersion: number;
  armoredReport: string;
  hasReporterKey: boolean;
}

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

export function listReports(
  token: string,
  cursor: string | null,
  view: InboxView = 'active',
  { unread = false }: { unread?: boolean } = {},
) {
  const query = new URLSearchParams({ limit: '50', view });
  if (cursor) query.set('cursor', cursor);
  if (unread) query.set('unread', 'true');
  return apiRequest<{ reports: ReportSummary[]; nextCursor: string | null }>(`/v1/reports?${query}`, { token });
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
