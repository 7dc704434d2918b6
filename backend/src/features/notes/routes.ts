import { z } from 'zod';

import { defineRoute } from '../../http/route';
import { reportIdParams } from '../reports/schemas';
import type { NoteService } from './service';

const addNoteBody = z.object({ armoredNote: z.string().min(1) }).strict();

export function noteRoutes({ notes }: { notes: NoteService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/reports/:id/notes',
      access: 'reviewer',
      params: reportIdParams,
      handle: ({ params }) => notes.list(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/reports/:id/notes',
      access: 'reviewer',
      status: 201,
      params: reportIdParams,
      body: addNoteBody,
      handle: ({ params, body, session }) =>
        notes.add({ reportId: params.id, armoredNote: body.armoredNote, author: session.username }),
    }),
  ];
}
