import { apiRequest } from '../shared/api';

/** An upload as the server knows it: its id and the token that alone can add to it (kept in memory only). */
export interface UploadHandle {
  id: string;
  uploadToken: string;
}

export interface UploadProgressAnswer {
  segmentCount: number;
  received: number;
  sent: boolean;
}

export type Challenge = { required: false } | { required: true; challenge: string; bits: number };

export const getUploadChallenge = () => apiRequest<Challenge>('/v1/challenges?purpose=upload');

export const createUpload = (segmentCount: number, proofOfWork?: { challenge: string; nonce: string }) =>
  apiRequest<UploadHandle & UploadProgressAnswer>('/v1/attachments', {
    method: 'POST',
    body: proofOfWork ? { segmentCount, proofOfWork } : { segmentCount },
  });

export const getUploadProgress = (upload: UploadHandle) =>
  apiRequest<UploadProgressAnswer>(`/v1/attachments/${encodeURIComponent(upload.id)}`, { token: upload.uploadToken });

export const cancelUpload = (upload: UploadHandle) =>
  apiRequest<void>(`/v1/attachments/${encodeURIComponent(upload.id)}`, { method: 'DELETE', token: upload.uploadToken });
