import { apiRequest } from '../shared/api';
import type { Challenge, ReportSubmission } from './submitReport';

export const getChallenge = () => apiRequest<Challenge>('/v1/challenges?purpose=report');
export const postReport = (submission: ReportSubmission) =>
  apiRequest('/v1/reports', { method: 'POST', body: submission });
