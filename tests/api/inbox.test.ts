import { randomBytes } from 'node:crypto';

import request from 'supertest';

import { INBOX_SORTS } from '../../backend/src/features/reports/inbox';
import { reportRepository } from '../../backend/src/features/reports/repository';
import type { ReportEntryRecord } from '../../backend/src/features/reports/model';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

/**
 * Issue 7 §2: the inbox lists the active reports only, closed and referred
 * ones move to an archive of the same small shape, and paging is exact
 * even when every report shares one hour (they do: times are cut to it).
 */
let platform: TestPlatform;
let token: string;
beforeAll(async () => {
  platform = await startTestPlatform('inbox');
  token = await platform.login();
});
afterAll(() => platform?.close()); // `?.`: a platform that could not start fails the tests with that reason alone

const list = (query: string) =>
  request(platform.app).get(`/api/v1/reports?${query}`).set('Authorization', `Bearer ${token}`);
const newId = () => randomBytes(16).toString('base64url');

async function pageThrough(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response: request.Response = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(
      200,
    );
    ids.push(...(response.body.reports as { id: string }[]).map((r) => r.id));
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe('paging', () => {
  it('through 120 reports of one hour, 50 at a time: each exactly once, newest hour first, then by id', async () => {
    const repository = reportRepository(platform.db);
    const hour = new Date('2026-11-20T09:00:00.000Z');
    const sameHour: ReportEntryRecord[] = Array.from({ length: 120 }, () => ({
      _id: newId(),
      receivedAt: hour,
      status: 'new',
    }));
    const older: ReportEntryRecord[] = Array.from({ length: 7 }, (_, i) => ({
      _id: newId(),
      receivedAt: new Date(hour.getTime() - (i + 1) * 3_600_000),
      status: 'new',
    }));
    await repository.insertEntries('active', [...sameHour, ...older]);

    const { ids, pages } = await pageThrough('view=active', 50);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = [...sameHour.map((r) => r._id).sort((a, b) => (a < b ? 1 : -1)), ...older.map((r) => r._id)];
    expect(ids).toEqual(expected);
  });

  it.each(INBOX_SORTS)('ordered %s too: each report exactly once, through the order’s own cursors', async (sort) => {
    const hour = new Date('2026-11-21T09:00:00.000Z');
    await reportRepository(platform.db).insertEntries(
      'active',
      Array.from({ length: 60 }, () => ({ _id: newId(), receivedAt: hour, status: 'new' as const })),
    );
    const total = (await list(`view=active&sort=${sort}&limit=1`).expect(200)).body.total as number;
    expect(total).toBeGreaterThan(50);
    const { ids, pages } = await pageThrough(`view=active&sort=${sort}`, 50);
    expect(pages).toBeGreaterThan(1);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });
});

describe('cursors', () => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const HOUR = '2026-11-20T09:00:00.000Z';

  // A cursor is base64url JSON of [sort, the sort's keys (numbers), report id] (features/reports/service.ts).
  const T = Date.parse(HOUR);
  it.each([
    ['not base64url JSON', 'garbage'],
    ['JSON that is not a list', cursorOf({ sort: 'received_desc', receivedAt: T, id: newId() })],
    ['a time that is not one', cursorOf(['received_desc', 'not a time', newId()])],
    ['an id that is not a string', cursorOf(['received_desc', T, 12345])],
    ['an id that is not a report id', cursorOf(['received_desc', T, 'not-a-report-id'])],
    ['no id at all', cursorOf(['received_desc', T])],
    ['a key too many for its order', cursorOf(['received_desc', T, T, newId()])],
    // 22 characters as a string, all of them allowed in an id: only its type gives it away.
    ['an id that is a number', cursorOf(['received_desc', T, -123456789012345680000])],
    ['a time beyond what a number holds', Buffer.from(`["received_desc",1e999,"${newId()}"]`).toString('base64url')],
    ['a second key that is not a number', cursorOf(['priority', 1, 'not a time', newId()]), 'priority'],
    ['a cursor made for another order', cursorOf(['received_asc', T, newId()])],
  ])('%s is refused with 400 invalid_cursor', async (_what, cursor, sort = 'received_desc') => {
    const response = await list(`view=active&sort=${sort}&cursor=${cursor}`).expect(400);
    expect(response.body.error.code).toBe('invalid_cursor');
  });

  it('a readable cursor starts the page after its time and id, stored or not (docs/api.md)', async () => {
    const repository = reportRepository(platform.db);
    const hour = new Date('2031-01-01T05:00:00.000Z');
    const ids = ['A'.repeat(22), 'B'.repeat(22), 'C'.repeat(22)];
    await repository.insertEntries(
      'active',
      ids.map((_id) => ({ _id, receivedAt: hour, status: 'new' as const })),
    );
    // Newest hour first, then by id descending: C, B, A. A cursor at (hour, "BB…B0") starts at the next one down.
    const response = await list(
      `view=active&limit=2&cursor=${cursorOf(['received_desc', hour.getTime(), `${'B'.repeat(21)}C`])}`,
    ).expect(200);
    expect((response.body.reports as { id: string }[]).map((r) => r.id)).toEqual([ids[1], ids[0]]);
  });
});

describe('the active inbox and the archive', () => {
  let fresh: TestPlatform;
  let freshToken: string;
  beforeAll(async () => {
    fresh = await startTestPlatform('archive');
    freshToken = await fresh.login();
  });
  afterAll(() => fresh?.close());
  const listFresh = (query: string) =>
    request(fresh.app).get(`/api/v1/reports?${query}`).set('Authorization', `Bearer ${freshToken}`);
  const idsOf = (response: request.Response) => (response.body.reports as { id: string }[]).map((r) => r.id).sort();

  it('a closed or referred report leaves the inbox for the archive, and still opens', async () => {
    const submitted: string[] = [];
    for (let i = 0; i < 3; i++) {
      await request(fresh.app)
        .post('/api/v1/reports')
        .send((await sealForPlatform(fresh)).submission)
        .expect(201);
    }
    submitted.push(...idsOf(await listFresh('').expect(200)));
    expect(submitted).toHaveLength(3);
    const [closed, referred, open] = submitted as [string, string, string];
    const repository = reportRepository(fresh.db);
    expect(await repository.archive(closed, 'closed_unfounded')).toBe(true);
    expect(await repository.archive(referred, 'referred')).toBe(true);
    // Repeating a move changes nothing: it is how an interrupted move is finished.
    expect(await repository.archive(closed, 'closed_unfounded')).toBe(true);

    expect(idsOf(await listFresh('').expect(200))).toEqual([open]);
    expect(idsOf(await listFresh('view=active&status=new').expect(200))).toEqual([open]);
    expect(idsOf(await listFresh('view=archive').expect(200))).toEqual([closed, referred].sort());
    expect(idsOf(await listFresh('view=archive&status=referred').expect(200))).toEqual([referred]);
    const opened = await request(fresh.app)
      .get(`/api/v1/reports/${closed}`)
      .set('Authorization', `Bearer ${freshToken}`)
      .expect(200);
    expect(opened.body).toMatchObject({ id: closed, status: 'closed_unfounded', armoredReport: expect.any(String) });
    expect(await fresh.counts()).toMatchObject({ reports: 1, report_archive: 2, report_bodies: 3 });
  });

  it.each([
    ['view=active&status=closed', 'status'],
    ['view=archive&status=new', 'status'],
    ['view=everything', 'view'],
  ])('?%s is refused: that status is not in that view', async (query, field) => {
    const response = await listFresh(query).expect(400);
    expect(response.body.error).toEqual({ code: 'invalid_request', message: expect.stringContaining(field) });
  });
});

/**
 * On MongoDB the inbox's queries must use the indexes the models declare.
 * The embedded engine has no query plans to show, so this runs only against
 * a MongoDB given in MONGODB_URI, and says so when it is skipped.
 */
const onMongodb = process.env.MONGODB_URI ? it : it.skip;
if (!process.env.MONGODB_URI) console.warn('inbox: the explain test needs MONGODB_URI (a real MongoDB); skipped');
describe('on MongoDB', () => {
  onMongodb.each([
    ['reports', {}],
    ['reports', { status: 'new' }],
    ['report_archive', { status: 'closed_unfounded' }],
  ])('the %s list %j is an index scan, not a collection scan', async (collection, filter) => {
    const plan = await platform.db
      .collection(collection)
      .find({
        ...filter,
        $or: [{ receivedAt: { $lt: new Date() } }, { receivedAt: new Date(), _id: { $lt: 'z' } }],
      } as never)
      .sort({ receivedAt: -1, _id: -1 })
      .limit(50)
      .explain('queryPlanner');
    const text = JSON.stringify(plan.queryPlanner.winningPlan);
    expect(text).toContain('IXSCAN');
    expect(text).not.toContain('COLLSCAN');
  });
});
