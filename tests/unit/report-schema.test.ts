import { toReport } from '../../frontend/src/report/form/draft';
import { reportContent } from '../../frontend/src/shared/report-content';
import { reportV2, type ReportV2 } from '../../frontend/src/shared/report-v2';
import { fullDraft } from '../support/report-draft';

const valid = (): ReportV2 => toReport(fullDraft());
const ATTACHMENT = {
  id: 'AbCdEfGhIjKlMnOpQrStUv',
  name: 'запись.m4a',
  type: 'audio/mp4',
  size: 5 * 1024 * 1024,
  segments: 2,
  sha256: 'a'.repeat(64),
  metadata: 'not_a_photo',
};

describe('envelope version 2: one schema for the browser before encrypting and the console after decrypting', () => {
  it('accepts what the form produces, and gives it back unchanged', () => {
    expect(reportV2.parse(valid())).toEqual(valid());
  });

  it('accepts the smallest report: one officer, what they did, the position, the wish', () => {
    const smallest: ReportV2 = {
      officers: [{ agency: 'police', role: 'unknown' }],
      inducement: { kinds: ['bribe'], account: 'x', channels: [] },
      offence: { consequences: [] },
      motive: {},
      when: { approximate: false },
      where: {},
      witnesses: {},
      evidence: { kinds: [] },
      attachments: [],
      reporter: { position: 'witness', mayWriteBack: false, identity: null },
    };
    expect(reportV2.safeParse(smallest).success).toBe(true);
  });

  it('carries evidence files as the files step describes them', () => {
    expect(reportV2.safeParse({ ...valid(), attachments: [ATTACHMENT] }).success).toBe(true);
    for (const broken of [
      { ...ATTACHMENT, sha256: 'A'.repeat(64) },
      { ...ATTACHMENT, size: -1 },
      { ...ATTACHMENT, size: 2 * 1024 ** 3 + 1 },
      { ...ATTACHMENT, id: 'has spaces' },
      { ...ATTACHMENT, metadata: 'yes' },
      // Read from stored reports, never written: a new report cannot claim the old, vaguer value.
      { ...ATTACHMENT, metadata: 'not_removed' },
      { ...ATTACHMENT, metadata: true },
      { ...ATTACHMENT, metadataRemoved: true },
      { ...ATTACHMENT, path: '/home/user/запись.m4a' },
    ]) {
      expect(reportV2.safeParse({ ...valid(), attachments: [broken] }).success).toBe(false);
    }
  });

  it("says what happened to a file's metadata: removed, the original kept, or not a photo", () => {
    for (const metadata of ['removed', 'original', 'not_a_photo'] as const) {
      const parsed = reportV2.parse({ ...valid(), attachments: [{ ...ATTACHMENT, metadata }] });
      expect(parsed.attachments[0]!.metadata).toBe(metadata);
    }
  });

  it('reads a stored report of the old shape (metadataRemoved) into the same field, without guessing which "not removed" it was', () => {
    const { metadata: _, ...old } = ATTACHMENT;
    const removed = reportV2.parse({ ...valid(), attachments: [{ ...old, metadataRemoved: true }] });
    expect(removed.attachments[0]).toEqual({ ...old, metadata: 'removed' });
    const kept = reportV2.parse({ ...valid(), attachments: [{ ...old, metadataRemoved: false }] });
    expect(kept.attachments[0]).toEqual({ ...old, metadata: 'not_removed' });
  });

  const refused: [string, (report: ReportV2) => unknown][] = [
    ['no officer', (r) => ({ ...r, officers: [] })],
    ['eleven officers', (r) => ({ ...r, officers: Array.from({ length: 11 }, () => r.officers[0]) })],
    ['an agency not on the list', (r) => ({ ...r, officers: [{ ...r.officers[0], agency: 'customs' }] })],
    ['no role', (r) => ({ ...r, officers: [{ agency: 'police' }] })],
    ['an empty string for an unanswered question', (r) => ({ ...r, officers: [{ ...r.officers[0], unit: '' }] })],
    ['no kind of inducement', (r) => ({ ...r, inducement: { ...r.inducement, kinds: [] } })],
    ['a kind twice', (r) => ({ ...r, inducement: { ...r.inducement, kinds: ['bribe', 'bribe'] } })],
    ['an empty account', (r) => ({ ...r, inducement: { ...r.inducement, account: '   ' } })],
    ['a day that does not exist', (r) => ({ ...r, when: { ...r.when, date: '2026-02-30' } })],
    ['a day before independence', (r) => ({ ...r, when: { ...r.when, date: '1991-12-15' } })],
    ['a date written another way', (r) => ({ ...r, when: { ...r.when, date: '10.03.2026' } })],
    ['a region not on the list', (r) => ({ ...r, where: { region: 'moscow' } })],
    ['a field this version does not know', (r) => ({ ...r, reporter: { ...r.reporter, ip: '10.0.0.1' } })],
    ['an unknown top-level field', (r) => ({ ...r, receivedAt: '2026-03-10T02:31:00Z' })],
    [
      'a name without the Article 419 warning',
      (r) => ({ ...r, reporter: { ...r.reporter, identity: { name: 'Әлия', warnedArticle419: false } } }),
    ],
    [
      'no answer to whether the agency may write back',
      (r) => ({ ...r, reporter: { position: 'witness', identity: null } }),
    ],
    [
      'a report larger than its envelope',
      (r) => ({
        ...r,
        officers: Array.from({ length: 10 }, () => ({ ...r.officers[0], description: 'Ә'.repeat(5000) })),
        inducement: { ...r.inducement, account: 'Қ'.repeat(20_000), words: 'ж'.repeat(5000) },
        offence: { ...r.offence, pushedToward: 'ж'.repeat(5000), details: 'ж'.repeat(5000) },
        motive: { details: 'ж'.repeat(5000) },
        witnesses: { details: 'ж'.repeat(5000) },
        evidence: { kinds: [], details: 'ж'.repeat(5000) },
      }),
    ],
  ];
  it.each(refused)('refuses %s', (_name, change) => {
    expect(reportV2.safeParse(change(valid())).success).toBe(false);
  });

  it('a version 1 report is not a version 2 report, nor the other way round', () => {
    const v1 = { whatHappened: 'Инспектор потребовал деньги.', agency: 'customs', date: null, region: 'astana' };
    expect(reportContent.safeParse(v1).success).toBe(true);
    expect(reportV2.safeParse(v1).success).toBe(false);
    expect(reportContent.safeParse(valid()).success).toBe(false);
  });
});
