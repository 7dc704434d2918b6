import { defineRoute, Reply } from '../../http/route';
import { listReportsQuery, reportIdParams, submitReportBody } from './schemas';
import type { ReportService } from './service';

export function reportRoutes({ reports }: { reports: ReportService }) {
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
      handle: ({ params }) => reports.get(params.id),
    }),
  ];
}
