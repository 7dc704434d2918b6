import type { Clock } from '../../clock';
import type { AuditRecorder } from '../audit/service';
import type { ProofOfWorkService } from '../proof-of-work/service';
import { reviewerAccounts } from './accounts';
import { CheckQueue } from './check-queue';
import { loginFlow } from './login';
import { verifyPassword } from './passwords';
import type { ReviewerRepository } from './repository';
import type { SecretBox } from './secret-box';
import { sessionKeeper, type SessionSettings } from './sessions';

export { normalizeUsername, USERNAME, type ReviewerAccounts } from './accounts';
export type ReviewerService = ReturnType<typeof reviewerService>;

/** What the admin command needs: accounts and sessions, without the login machinery. */
export function accountsService({
  repository,
  clock,
  audit,
  session = { idleMinutes: 30, maxHours: 8 },
}: {
  repository: ReviewerRepository;
  clock: Clock;
  audit: AuditRecorder;
  session?: SessionSettings;
}) {
  const sessions = sessionKeeper({ repository, clock, audit, settings: session });
  return reviewerAccounts({ repository, clock, audit, sessions });
}

/** Reviewers: logging in (password, second factor), sessions, and the administrator's account actions. */
export function reviewerService({
  repository,
  clock,
  session,
  proofOfWork,
  audit,
  box,
  checks = new CheckQueue(),
  verify = verifyPassword,
}: {
  repository: ReviewerRepository;
  clock: Clock;
  session: SessionSettings;
  proofOfWork: ProofOfWorkService;
  audit: AuditRecorder;
  /** The server key for TOTP secrets (secret-box.ts). */
  box: SecretBox;
  /** This instance's line for password checks. */
  checks?: CheckQueue;
  /** The password check; tests wrap the real one to count the checks. */
  verify?: typeof verifyPassword;
}) {
  const sessions = sessionKeeper({ repository, clock, audit, settings: session });
  return {
    ...reviewerAccounts({ repository, clock, audit, sessions }),
    ...loginFlow({ repository, clock, proofOfWork, checks, verify, audit, box, sessions }),
    authenticate: sessions.authenticate,
    logout: sessions.logout,
  };
}
