import { defineRoute, Reply } from '../../http/route';
import type { AuditRecorder } from '../audit/service';
import { listReportsQuery, reportIdParams, submitReportBody } from './schemas';
import type { ReportService } from './service';

export function reportRoutes({ reports, audit }: { reports: ReportService; audit: AuditRecorder }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/reports',
      access: 'public',
      body: submitReportBody,
      // 201 when stored now; 200 when this exact submission was stored before (a retry after a lost answer).
      async handle({ body }) {
        const { receivedAt, created } = await reports.submit(body);
        return new Reply(created ? 201 : 200, { received: true, receivedAt });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports',
      access: 'reviewer',
      query: listReportsQuery,
      handle: ({ query }) => reports.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/:id',
      access: 'reviewer',
      params: reportIdParams,
      async handle({ params, session }) {
        const report = await reports.get(params.id);
        // Recorded before the ciphertext goes out: no view without its entry.
        await audit.record({ actor: session.username, action: 'report.view', target: report.id });
        return report;
      },
    }),
  ];
}
