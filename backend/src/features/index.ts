import type { ModelRegistration } from '../db/model';
import { agencyKeyModels } from './agency-key/model';
import { auditModels } from './audit/model';
import { attachmentModels } from './attachments/model';
import { destinationKeyModels } from './destination-keys/model';
import { proofOfWorkModels } from './proof-of-work/model';
import { referralModels } from './referrals/model';
import { reportModels } from './reports/model';
import { reviewerModels } from './reviewers/model';

/** Every feature's models, for openDatabase; a new feature adds its list here. */
export const featureModels: readonly ModelRegistration[] = [
  ...agencyKeyModels,
  ...reportModels,
  ...reviewerModels,
  ...proofOfWorkModels,
  ...auditModels,
  ...attachmentModels,
  ...destinationKeyModels,
  ...referralModels,
];
