import type { Clock } from '../../clock';
import { AppError } from '../../http/errors';
import type { AuditRecorder } from '../audit/service';
import type { ReportService } from '../reports/service';
import type { NoteRepository } from './repository';

export type NoteService = ReturnType<typeof noteService>;

/** Armored ciphertext of a 20 000-character note to a few dozen keys, with room. */
export const MAX_ARMORED_NOTE_CHARS = 200_000;
/** Numbers tried when reviewers add notes to one report at the same moment. */
const MAX_TRIES = 100;

/**
 * Internal notes: visible to reviewers only. The server cannot read them; it
 * checks that each is an encrypted message to the platform's recipients, the
 * agency key included, with the strict reader reports go through.
 */
export function noteService({
  repository,
  reports,
  audit,
  clock,
}: {
  repository: NoteRepository;
  reports: Pick<ReportService, 'checkRecipients' | 'get'>;
  audit: AuditRecorder;
  clock: Clock;
}) {
  return {
    async list(reportId: string) {
      await reports.get(reportId); // 404 for a report that does not exist
      const notes = await repository.list(reportId);
      return { notes: notes.map(({ n, author, at, armoredNote }) => ({ n, author, at, armoredNote })) };
    },

    async add({ reportId, armoredNote, author }: { reportId: string; armoredNote: string; author: string }) {
      if (armoredNote.length > MAX_ARMORED_NOTE_CHARS) {
        throw new AppError(
          413,
          'note_too_large',
          `An encrypted note may be at most ${MAX_ARMORED_NOTE_CHARS} characters.`,
        );
      }
      await reports.get(reportId);
      const { armoredReport: checked } = await reports.checkRecipients(armoredNote);
      let n = (await repository.list(reportId)).length + 1;
      for (let tries = 0; tries < MAX_TRIES; tries++, n++) {
        const at = clock.now();
        if (await repository.insert({ _id: `${reportId}:${n}`, reportId, n, author, at, armoredNote: checked })) {
          await audit.record({ actor: author, action: 'report.note', target: reportId, details: { n } });
          return { n, author, at };
        }
      }
      throw new Error('the note could not be numbered (too many concurrent writers)');
    },
  };
}
