import express, { type Express } from 'express';
import type { Connection } from 'mongoose';

import type { Clock } from './clock';
import { defaultPlatformKeyFile, defaultServerKeyFile, type AppConfig } from './config';
import { agencyPin } from './features/agency-key/pin';
import { agencyKeyRepository } from './features/agency-key/repository';
import { agencyKeyService } from './features/agency-key/service';
import { attachmentRepository } from './features/attachments/repository';
import { attachmentRoutes } from './features/attachments/routes';
import { attachmentService } from './features/attachments/service';
import { auditRepository } from './features/audit/repository';
import { auditRoutes } from './features/audit/routes';
import { auditService } from './features/audit/service';
import { messageRepository } from './features/messages/repository';
import { lawyerRoutes } from './features/lawyers/routes';
import { lawyerRepository } from './features/lawyers/repository';
import { lawyerService } from './features/lawyers/service';
import { messageRoutes } from './features/messages/routes';
import { messageService } from './features/messages/service';
import { evidenceReceiptRepository } from './features/evidence-receipts/repository';
import { evidenceReceiptRoutes } from './features/evidence-receipts/routes';
import { evidenceReceiptService } from './features/evidence-receipts/service';
import { lazyPlatformKey } from './features/evidence-receipts/signing-key';
import { destinationKeyRepository } from './features/destination-keys/repository';
import { destinationKeyRoutes } from './features/destination-keys/routes';
import { destinationKeyService } from './features/destination-keys/service';
import { platformRoutes } from './features/platform/routes';
import { proofOfWorkRepository } from './features/proof-of-work/repository';
import { proofOfWorkRoutes } from './features/proof-of-work/routes';
import { proofOfWorkService } from './features/proof-of-work/service';
import { referralRepository } from './features/referrals/repository';
import { referralRoutes } from './features/referrals/routes';
import { referralService } from './features/referrals/service';
import { reportRepository } from './features/reports/repository';
import { reportRoutes } from './features/reports/routes';
import { reportService } from './features/reports/service';
import { triageService } from './features/reports/triage';
import { dashboardRoutes } from './features/dashboard/routes';
import { noteRepository } from './features/notes/repository';
import { noteRoutes } from './features/notes/routes';
import { noteService } from './features/notes/service';
import { dashboardService } from './features/dashboard/service';
import { adminReviewerRoutes } from './features/reviewers/admin-routes';
import { recipientSetService } from './features/reviewer-keys/recipients';
import { reviewerKeyRepository } from './features/reviewer-keys/repository';
import { reviewerKeyRoutes } from './features/reviewer-keys/routes';
import { reviewerKeyService } from './features/reviewer-keys/service';
import { reviewerRepository } from './features/reviewers/repository';
import { reviewerRoutes } from './features/reviewers/routes';
import { lazySecretBox } from './features/reviewers/secret-box';
import { reviewerService } from './features/reviewers/service';
import { admitBodies } from './http/admission';
import { apiNotFound, AppError, errorHandler, pageNotFound } from './http/errors';
import { pages } from './http/pages';
import { mountRoutes, refuseDeclaredOver } from './http/route';
import { securityHeaders } from './http/security';
import { trafficLog } from './http/traffic';
import { databaseAnswers } from './db/health';
import type { Logger } from './logger';
import type { Scheduler } from './scheduler';

export interface AppDeps {
  db: Connection;
  clock: Clock;
  config: Pick<
    AppConfig,
    'dataDir' | 'agencyFingerprint' | 'publicDir' | 'session' | 'proofOfWorkBits' | 'behindTls' | 'uploads'
  > &
    Partial<Pick<AppConfig, 'serverKeyFile' | 'platformKeyFile' | 'reminders'>>;
  logger: Logger;
  /**
   * Runs the background work (the hourly traffic line, the sweeps). Without
   * one nothing runs on its own; tests pass a ManualScheduler and run tasks.
   */
  scheduler?: Scheduler;
  /**
   * How often the sweeps run, for a test that runs them often; otherwise the
   * reports and challenges sweeps run hourly and the attachments sweep every UPLOAD_SWEEP_MINUTES.
   */
  sweepIntervalMs?: number;
  /** JSON bodies checked, and segments read, at once (http/admission.ts); a test lowers it to reach it. */
  bodiesInFlight?: number;
}

const HOUR_MS = 3_600_000;

/** Acknowledge within 7 days, feedback within 3 months: TRIAGE_ACKNOWLEDGE_DAYS and TRIAGE_FEEDBACK_DAYS. */
const DEFAULT_REMINDERS = { acknowledgeDays: 7, feedbackDays: 90 };

/** The largest JSON body: one armored report plus a reporter key pair, with room to spare (400 KiB). */
const JSON_LIMIT_BYTES = 400 * 1024;

/** Builds the whole application from its parts; `server.ts` only adds a database engine and `listen`. */
export function createServices({ db, clock, config }: Omit<AppDeps, 'logger'>) {
  const agencyKeys = agencyKeyService({ repository: agencyKeyRepository(db), clock });
  const proofOfWork = proofOfWorkService({
    repository: proofOfWorkRepository(db),
    clock,
    baseBits: config.proofOfWorkBits,
  });
  const audit = auditService({ repository: auditRepository(db), clock });
  const reviewers = reviewerService({
    repository: reviewerRepository(db),
    clock,
    session: config.session,
    proofOfWork,
    audit,
    box: lazySecretBox(config.serverKeyFile ?? defaultServerKeyFile(config.dataDir)),
    // A disabled reviewer's key leaves the recipient set for everything sent afterwards.
    onDisabledChange: () => recipients.forget(),
  });
  const keyRepository = reviewerKeyRepository(db);
  const recipients = recipientSetService({ repository: keyRepository, agencyKeys, reviewers });
  const reviewerKeys = reviewerKeyService({
    repository: keyRepository,
    agencyKeys,
    reviewers,
    audit,
    clock,
    onChange: () => recipients.forget(),
  });
  const reports = reportRepository(db);
  const evidenceReceipts = evidenceReceiptService({
    repository: evidenceReceiptRepository(db),
    platformKey: lazyPlatformKey({ file: config.platformKeyFile ?? defaultPlatformKeyFile(config.dataDir), clock }),
    clock,
    audit,
  });
  const attachments = attachmentService({
    repository: attachmentRepository(db),
    agencyKeys,
    recipients,
    proofOfWork,
    clock,
    expiryHours: config.uploads.expiryHours,
    // A report is stored once its body is: that write decides (features/reports/service.ts).
    reportExists: async (id) => (await reports.findBody(id)) !== null,
    evidenceReceipts,
  });
  const reminders = config.reminders ?? DEFAULT_REMINDERS;
  const reportService_ = reportService({ repository: reports, recipients, proofOfWork, attachments, clock, reminders });
  const destinationKeys = destinationKeyService({ repository: destinationKeyRepository(db), clock });
  const lawyers = lawyerService({
    repository: lawyerRepository(db),
    reports: reportService_,
    attachments,
    proofOfWork,
    clock,
  });
  return {
    lawyers,
    agencyKeys,
    attachments,
    audit,
    evidenceReceipts,
    pin: agencyPin({ dataDir: config.dataDir, override: config.agencyFingerprint }),
    proofOfWork,
    recipients,
    reports: reportService_,
    reviewerKeys,
    triage: triageService({ repository: reports, audit, clock, reminders, isActiveReviewer: reviewers.isActive }),
    dashboard: dashboardService({ reports: reportService_, clock, reminders }),
    notes: noteService({ repository: noteRepository(db), reports: reportService_, audit, clock }),
    messages: messageService({
      repository: messageRepository(db),
      reports: reportService_,
      attachments,
      proofOfWork,
      clock,
      accessCodes: lawyers,
    }),
    destinationKeys,
    referrals: referralService({
      repository: referralRepository(db),
      reports: reportService_,
      recipients,
      destinationKeys,
      clock,
    }),
    reviewers,
    database: { answers: () => databaseAnswers(db) },
  };
}

export function createApp(deps: AppDeps, services = createServices(deps)): Express {
  const traffic = trafficLog(deps.logger);
  scheduleBackgroundWork(deps, services, traffic);
  const app = express();
  // Writes this instance finishes after answering (inbox entries), for a shutdown or a test to wait for.
  app.locals.settled = () => services.reports.settled();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use(traffic.middleware);
  // HTTP/1.1 needs a Host; Node's own check would answer with an empty body (http/listen.ts turns it off).
  app.use((req, _res, next) => {
    if (!req.headers.host) throw new AppError(400, 'bad_request', 'The request has no Host header.');
    next();
  });
  // One precomputed set (http/security.ts): the strict policy, no-store (nothing is cached, not even hashed
  // assets: a cache on a reporter's device is a record that they visited) and no device access.
  app.use(securityHeaders({ behindTls: deps.config.behindTls }));
  // The reviewer console alone may show blob: frames (sandboxed previews of decrypted evidence files).
  app.use('/console', securityHeaders({ behindTls: deps.config.behindTls, previews: true }));

  const api = express.Router();
  // A body declared larger than any route takes is refused from its Content-Length, before it is read.
  api.use(refuseDeclaredOver(JSON_LIMIT_BYTES, 'application/json'));
  // Compressed bodies are refused (415), never inflated: the server decompresses nothing a client sends.
  api.use(express.json({ limit: JSON_LIMIT_BYTES, strict: true, inflate: false }));
  // Bodies are checked a bounded number at a time (and segments read so), so parallel requests cannot grow the
  // server without end.
  api.use(admitBodies({ type: 'application/json', max: deps.bodiesInFlight }));
  mountRoutes(
    api,
    [
      ...platformRoutes(services),
      ...proofOfWorkRoutes(services),
      ...reviewerKeyRoutes(services),
      ...reportRoutes(services),
      ...attachmentRoutes(services),
      ...messageRoutes(services),
      ...lawyerRoutes(services),
      ...evidenceReceiptRoutes(services),
      ...reviewerRoutes(services),
      ...adminReviewerRoutes(services),
      ...auditRoutes(services),
      ...dashboardRoutes(services),
      ...noteRoutes(services),
      ...destinationKeyRoutes(services),
      ...referralRoutes(services),
    ],
    (token) => services.reviewers.authenticate(token),
    { admitRawBody: admitBodies({ type: 'application/octet-stream', max: deps.bodiesInFlight }) },
  );
  api.use(apiNotFound);
  app.use('/api', api);

  app.use(pages(deps.config.publicDir));
  app.use(pageNotFound);
  app.use(errorHandler(traffic));
  return app;
}

function scheduleBackgroundWork(
  { scheduler, logger, config, sweepIntervalMs }: AppDeps,
  services: ReturnType<typeof createServices>,
  traffic: ReturnType<typeof trafficLog>,
) {
  if (!scheduler) return;
  scheduler.every('traffic', HOUR_MS, () => traffic.flush(), { aligned: true });
  // The audit log's newest entry and hash, at start and then hourly: a log collector keeps these lines where
  // whoever can rewrite the database may not reach, and `audit verify --anchor` checks any of them later.
  scheduler.every(
    'audit-anchor',
    HOUR_MS,
    async () => {
      const head = await services.audit.latest();
      logger.info({ auditHead: `${head.seq}:${head.hash}` }, 'audit head');
    },
    { immediately: true },
  );
  // At start too: a crash between a report's two writes is finished as soon as the server is back.
  scheduler.every(
    'reports-sweep',
    sweepIntervalMs ?? HOUR_MS,
    async () => {
      const { listed, moved } = await services.reports.sweep();
      if (listed + moved > 0) logger.warn({ listed, moved }, 'the sweep finished reports that a fault had interrupted');
    },
    { immediately: true },
  );
  scheduler.every('challenges-sweep', sweepIntervalMs ?? HOUR_MS, () => services.proofOfWork.sweep());
  // Every UPLOAD_SWEEP_MINUTES. Only removals are logged: uploads expire on the hour, so when one goes says
  // nothing finer; a count of files confirmed since the last run would date a report to within minutes.
  scheduler.every('attachments-sweep', sweepIntervalMs ?? config.uploads.sweepMinutes * 60_000, async () => {
    const { removed } = await services.attachments.sweep();
    if (removed > 0) logger.info({ removed }, 'attachment sweep removed expired uploads');
  });
}
