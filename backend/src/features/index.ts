import type { ModelRegistration } from '../db/model';
import { agencyKeyModels } from './agency-key/model';
import { auditModels } from './audit/model';
import { messageModels } from './messages/model';
import { lawyerModels } from './lawyers/model';
import { attachmentModels } from './attachments/model';
import { evidenceReceiptModels } from './evidence-receipts/model';
import { proofOfWorkModels } from './proof-of-work/model';
import { noteModels } from './notes/model';
import { destinationKeyModels } from './destination-keys/model';
import { referralModels } from './referrals/model';
import { reportModels } from './reports/model';
import { reviewerKeyModels } from './reviewer-keys/model';
import { reviewerModels } from './reviewers/model';

/** Every feature's models, for openDatabase; a new feature adds its list here. */
export const featureModels: readonly ModelRegistration[] = [
  ...agencyKeyModels,
  ...reportModels,
  ...reviewerModels,
  ...proofOfWorkModels,
  ...auditModels,
  ...attachmentModels,
  ...reviewerKeyModels,
  ...messageModels,
  ...evidenceReceiptModels,
  ...noteModels,
  ...destinationKeyModels,
  ...referralModels,
  ...lawyerModels,
];
