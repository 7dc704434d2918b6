import type { UploadHandle, UploadProgressAnswer } from '../files/filesApi';
import type { Challenge, ProofOfWork } from '../report/submitReport';
import { apiRequest } from '../shared/api';
import type { LawyerAnswer } from './lawyerVisit';

export const getLawyerChallenge = () => apiRequest<Challenge>('/v1/challenges?purpose=lawyer');

export const postLawyer = (body: { accessLookup: string; proofOfWork?: ProofOfWork }) =>
  apiRequest<LawyerAnswer>('/v1/lawyer', { method: 'POST', body });

export const postLawyerMessage = (body: {
  accessLookup: string;
  armoredMessage: string;
  attachments?: { id: string; uploadToken: string }[];
  proofOfWork?: ProofOfWork;
}) => apiRequest<{ sent: true; id: string; sentAt: string }>('/v1/lawyer/messages', { method: 'POST', body });

/** An evidence upload started with the access code; its segments then go as any upload's (files/filesApi.ts). */
export const createLawyerUpload = (accessLookup: string, segmentCount: number, proofOfWork?: ProofOfWork) =>
  apiRequest<UploadHandle & UploadProgressAnswer>('/v1/lawyer/attachments', {
    method: 'POST',
    body: proofOfWork ? { accessLookup, segmentCount, proofOfWork } : { accessLookup, segmentCount },
  });
