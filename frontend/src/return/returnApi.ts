import { apiRequest } from '../shared/api';
import type { StoredMessage } from '../shared/thread-message';
import type { Challenge, ProofOfWork } from '../report/submitReport';

/** What the reporter is told: a few plain states, whatever the console's statuses are. */
export type ReporterStatus = 'received' | 'in_review' | 'closed' | 'referred';

/** The answer to a return visit (padded by the server to a size bucket; the padding is dropped here). */
export interface ReturnAnswer {
  status: ReporterStatus;
  receivedAt: string;
  reporterKey: { armoredPublicKey: string; armoredPrivateKey: string };
  messages: StoredMessage[];
}

export const getReturnChallenge = () => apiRequest<Challenge>('/v1/challenges?purpose=return');

export const postReturn = (body: { receiptLookup: string; proofOfWork?: ProofOfWork }) =>
  apiRequest<ReturnAnswer>('/v1/returns', { method: 'POST', body });

export const postReturnMessage = (body: {
  receiptLookup: string;
  armoredMessage: string;
  attachments?: { id: string; uploadToken: string }[];
  proofOfWork?: ProofOfWork;
}) => apiRequest<{ sent: true; id: string; sentAt: string }>('/v1/returns/messages', { method: 'POST', body });
