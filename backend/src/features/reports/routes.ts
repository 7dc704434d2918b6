import { defineRoute } from '../../http/route';
import { listReportsQuery, reportIdParams, submitReportBody } from './schemas';
import type { ReportService } from './service';

export function reportRoutes({ reports }: { reports: ReportService }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/reports',
      access: 'public',
      body: submitReportBody,
      status: 201,
      async handle({ body }) {
        const { receivedAt } = await reports.submit(body);
        return { received: true, receivedAt };
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
