import { apiRequest } from '../shared/api';
import type { Challenge, ProofOfWork } from '../report/submitReport';
import type { IssueDeps, RevokeDeps, ShareDeps } from './accessCodes';
import type { ReturnAnswer } from './returnVisit';

export const getReturnChallenge = () => apiRequest<Challenge>('/v1/challenges?purpose=return');

export const postReturn = (body: { receiptLookup: string; proofOfWork?: ProofOfWork }) =>
  apiRequest<ReturnAnswer>('/v1/returns', { method: 'POST', body });

export const postReturnMessage = (body: {
  receiptLookup: string;
  armoredMessage: string;
  attachments?: { id: string; uploadToken: string }[];
  proofOfWork?: ProofOfWork;
}) => apiRequest<{ sent: true; id: string; sentAt: string }>('/v1/returns/messages', { method: 'POST', body });

export const postAccessCode: IssueDeps['postAccessCode'] = (body) =>
  apiRequest('/v1/returns/access-codes', { method: 'POST', body });

export const postRevokeAccessCode: RevokeDeps['postRevokeAccessCode'] = (body) =>
  apiRequest('/v1/returns/access-codes/revoke', { method: 'POST', body });

export const postShare: ShareDeps['postShare'] = (body) =>
  apiRequest('/v1/returns/access-codes/share', { method: 'POST', body });
