import type { ModelRegistration } from '../db/model';
import { agencyKeyModels } from './agency-key/model';
import { auditModels } from './audit/model';
import { messageModels } from './messages/model';
import { attachmentModels } from './attachments/model';
import { evidenceReceiptModels } from './evidence-receipts/model';
import { proofOfWorkModels } from './proof-of-work/model';
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
  ...messageModels,
  ...evidenceReceiptModels,
];
