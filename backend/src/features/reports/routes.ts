import { defineRoute, Reply } from '../../http/route';
import type { AuditRecorder } from '../audit/service';
import { listReportsQuery, reportIdParams, submitReportBody, triageChangeBody } from './schemas';
import type { ReportService } from './service';
import type { TriageService } from './triage';

export function reportRoutes({
  reports,
  triage,
  audit,
}: {
  reports: ReportService;
  triage: TriageService;
  audit: AuditRecorder;
}) {
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
    defineRoute({
      method: 'patch',
      path: '/v1/reports/:id',
      access: 'reviewer',
      params: reportIdParams,
      body: triageChangeBody,
      // Recorded in the report's history and the audit log (report.change); 409 report_changed when another
      // reviewer changed the report since `version`.
      handle: ({ params, body: { version, ...change }, session }) =>
        triage.change({ id: params.id, version, change, actor: session.username }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/:id/history',
      access: 'reviewer',
      params: reportIdParams,
      handle: ({ params }) => triage.history(params.id),
    }),
  ];
}
