import { binaryReply, defineRoute } from '../../http/route';
import {
  attachmentParams,
  createUploadBody,
  MAX_ENCRYPTED_SEGMENT_BYTES,
  reportParams,
  segmentParams,
} from './schemas';
import type { AttachmentService } from './service';

/**
 * Anonymous upload routes (the token returned at creation is the only
 * credential, sent as `Authorization: Bearer`) and the reviewer's reading routes.
 */
export function attachmentRoutes({ attachments }: { attachments: AttachmentService }) {
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
      handle: async ({ params }) => binaryReply(await attachments.readSegment(params.id, params.index)),
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
