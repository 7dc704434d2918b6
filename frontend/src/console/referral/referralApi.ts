import { apiRequest } from '../../shared/api';

/** A stored referral as the server answers it: ciphertext and who saved it when. */
export interface StoredReferral {
  id: string;
  reportId: string;
  envelopeVersion: number;
  armoredReferral: string;
  createdAt: string;
  createdBy: string;
}

export interface DestinationKey {
  fingerprint: string;
  name: string;
  userId: string;
  armoredPublicKey: string;
  createdAt: string;
  createdBy: string;
}

const reportPath = (reportId: string) => `/v1/reports/${encodeURIComponent(reportId)}/referrals`;

export const listReferrals = (token: string, reportId: string) =>
  apiRequest<{ referrals: StoredReferral[] }>(reportPath(reportId), { token });

export const postReferral = (
  token: string,
  reportId: string,
  body: { envelopeVersion: number; armoredReferral: string },
) => apiRequest<StoredReferral>(reportPath(reportId), { method: 'POST', token, body });

/** Records the export in the audit log and answers the destination key to encrypt to. */
export const postExport = (
  token: string,
  referralId: string,
  body: { destinationFingerprint: string; files: number },
) =>
  apiRequest<{ referral: { id: string; reportId: string }; destination: DestinationKey }>(
    `/v1/referrals/${encodeURIComponent(referralId)}/exports`,
    { method: 'POST', token, body },
  );

export const listDestinationKeys = (token: string) =>
  apiRequest<{ destinationKeys: DestinationKey[] }>('/v1/destination-keys', { token });

export const addDestinationKey = (token: string, body: { name: string; armoredPublicKey: string }) =>
  apiRequest<DestinationKey>('/v1/admin/destination-keys', { method: 'POST', token, body });

export const removeDestinationKey = (token: string, fingerprint: string) =>
  apiRequest<void>(`/v1/admin/destination-keys/${encodeURIComponent(fingerprint)}`, { method: 'DELETE', token });
