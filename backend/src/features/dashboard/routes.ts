import { binaryReply, defineRoute } from '../../http/route';
import type { AuditRecorder } from '../audit/service';
import { dashboardCsv, type DashboardService } from './service';

export function dashboardRoutes({ dashboard, audit }: { dashboard: DashboardService; audit: AuditRecorder }) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/dashboard',
      access: 'reviewer',
      async handle({ session }) {
        const figures = await dashboard.figures();
        await audit.record({ actor: session.username, action: 'dashboard.view' });
        return figures;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/dashboard.csv',
      access: 'reviewer',
      async handle({ session }) {
        const csv = dashboardCsv(await dashboard.figures());
        await audit.record({ actor: session.username, action: 'dashboard.export' });
        return binaryReply(Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8');
      },
    }),
  ];
}
