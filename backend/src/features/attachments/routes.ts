import { binaryReply, defineRoute } from '../../http/route';
import {
  attachmentParams,
  createUploadBody,
  MAX_ENCRYPTED_SEGMENT_BYTES,
  reportParams,
  segmentParams,
  segmentReadQuery,
} from './schemas';
import type { AttachmentService } from './service';
import type { AuditRecorder } from '../audit/service';

/**
 * Anonymous upload routes (the token returned at creation is the only
 * credential, sent as `Authorization: Bearer`) and the reviewer's reading routes.
 */
export function attachmentRoutes({ attachments, audit }: { attachments: AttachmentService; audit: AuditRecorder }) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/attachments',
      access: 'public',
      body: createUploadBody,
      status: 201,
      handle: ({ body }) => attachments.create(body),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/attachments/:id',
      access: 'public',
      bearer: true,
      params: attachmentParams,
      handle: ({ params, bearer }) => attachments.progress(params.id, bearer),
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/attachments/:id',
      access: 'public',
      bearer: true,
      params: attachmentParams,
      status: 204,
      handle: ({ params, bearer }) => attachments.cancel(params.id, bearer),
    }),
    defineRoute({
      method: 'put',
      path: '/v1/attachments/:id/segments/:index',
      access: 'public',
      bearer: true,
      params: segmentParams,
      rawBody: { limit: MAX_ENCRYPTED_SEGMENT_BYTES },
      handle: ({ params, bearer, rawBody }) => attachments.putSegment(params.id, bearer, params.index, rawBody!),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/attachments/:id/segments/:index',
      access: 'reviewer',
      params: segmentParams,
      query: segmentReadQuery,
      async handle({ params, query, session }) {
        const bytes = await attachments.readSegment(params.id, params.index);
        // Every reading of a file starts at segment 0: that read is the file's custody entry (one per opening,
        // not one per segment), recorded before the bytes go out. `purpose` is the console's word for why.
        if (params.index === 0) {
          const action = query.purpose === 'export' ? 'attachment.export' : 'attachment.open';
          await audit.record({ actor: session.username, action, target: params.id });
        }
        return binaryReply(bytes);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/:id/attachments',
      access: 'reviewer',
      params: reportParams,
      handle: ({ params }) => attachments.listForReport(params.id),
    }),
  ];
}
