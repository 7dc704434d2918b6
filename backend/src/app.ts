import express, { type Express } from 'express';
import type { Connection } from 'mongoose';

import type { Clock } from './clock';
import { defaultServerKeyFile, type AppConfig } from './config';
import { agencyPin } from './features/agency-key/pin';
import { agencyKeyRepository } from './features/agency-key/repository';
import { agencyKeyRoutes } from './features/agency-key/routes';
import { agencyKeyService } from './features/agency-key/service';
import { attachmentRepository } from './features/attachments/repository';
import { attachmentRoutes } from './features/attachments/routes';
import { attachmentService } from './features/attachments/service';
import { auditRepository } from './features/audit/repository';
import { auditRoutes } from './features/audit/routes';
import { auditService } from './features/audit/service';
import { platformRoutes } from './features/platform/routes';
import { proofOfWorkRepository } from './features/proof-of-work/repository';
import { proofOfWorkRoutes } from './features/proof-of-work/routes';
import { proofOfWorkService } from './features/proof-of-work/service';
import { reportRepository } from './features/reports/repository';
import { reportRoutes } from './features/reports/routes';
import { reportService } from './features/reports/service';
import { adminReviewerRoutes } from './features/reviewers/admin-routes';
import { reviewerRepository } from './features/reviewers/repository';
import { reviewerRoutes } from './features/reviewers/routes';
import { lazySecretBox } from './features/reviewers/secret-box';
import { reviewerService } from './features/reviewers/service';
import { apiNotFound, errorHandler, pageNotFound } from './http/errors';
import { requestLog } from './http/request-log';
import { pages } from './http/pages';
import { mountRoutes } from './http/route';
import { noClientHints, noStore, securityHeaders } from './http/security';
import type { Logger } from './logger';

export interface AppDeps {
  db: Connection;
  clock: Clock;
  config: Pick<
    AppConfig,
    'dataDir' | 'agencyFingerprint' | 'publicDir' | 'session' | 'proofOfWorkBits' | 'behindTls' | 'uploads'
  > &
    Partial<Pick<AppConfig, 'serverKeyFile'>>;
  logger: Logger;
}

/** The largest JSON body: one armored report plus a reporter key pair, with room to spare. */
const JSON_LIMIT = '400kb';

/** Builds the whole application from its parts; `server.ts` only adds a database engine and `listen`. */
export function createServices({ db, clock, config }: Omit<AppDeps, 'logger'>) {
  const agencyKeys = agencyKeyService({ repository: agencyKeyRepository(db), clock });
  const proofOfWork = proofOfWorkService({
    repository: proofOfWorkRepository(db),
    clock,
    baseBits: config.proofOfWorkBits,
  });
  const reports = reportRepository(db);
  const attachments = attachmentService({
    repository: attachmentRepository(db),
    agencyKeys,
    proofOfWork,
    clock,
    expiryHours: config.uploads.expiryHours,
    reportExists: async (id) => (await reports.findWithBody(id)) !== null,
  });
  const audit = auditService({ repository: auditRepository(db), clock });
  return {
    agencyKeys,
    attachments,
    audit,
    pin: agencyPin({ dataDir: config.dataDir, override: config.agencyFingerprint }),
    proofOfWork,
    reports: reportService({ repository: reports, agencyKeys, attachments, clock }),
    reviewers: reviewerService({
      repository: reviewerRepository(db),
      clock,
      session: config.session,
      proofOfWork,
      audit,
      box: lazySecretBox(config.serverKeyFile ?? defaultServerKeyFile(config.dataDir)),
    }),
  };
}

export function createApp(deps: AppDeps, services = createServices(deps)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use(requestLog(deps.logger));
  app.use(securityHeaders({ behindTls: deps.config.behindTls }));
  // The reviewer console alone may show blob: frames (sandboxed previews of decrypted evidence files).
  app.use('/console', securityHeaders({ behindTls: deps.config.behindTls, previewFrames: true }));
  app.use(noClientHints);
  // Nothing is cached, not even hashed assets: a cache on a reporter's device is a record that they visited.
  app.use(noStore);

  const api = express.Router();
  api.use(express.json({ limit: JSON_LIMIT, strict: true }));
  mountRoutes(
    api,
    [
      ...platformRoutes(services),
      ...proofOfWorkRoutes(services),
      ...agencyKeyRoutes(services),
      ...reportRoutes(services),
      ...attachmentRoutes(services),
      ...reviewerRoutes(services),
      ...adminReviewerRoutes(services),
      ...auditRoutes(services),
    ],
    (token) => services.reviewers.authenticate(token),
  );
  api.use(apiNotFound);
  app.use('/api', api);

  app.use(pages(deps.config.publicDir));
  app.use(pageNotFound);
  app.use(errorHandler(deps.logger));
  return app;
}
