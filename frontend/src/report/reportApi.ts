import type { SealedReport } from '../../../crypto/src/api';
import { apiRequest } from '../shared/api';
import type { Challenge, ProofOfWork } from './submitReport';

export const getChallenge = () => apiRequest<Challenge>('/v1/challenges?purpose=report');
export const postReport = (submission: SealedReport & { proofOfWork?: ProofOfWork }) =>
  apiRequest('/v1/reports', { method: 'POST', body: submission });
