import { randomBytes } from 'node:crypto';

import request from 'supertest';

import { createApp, createServices } from '../../backend/src/app';
import { createLogger } from '../../backend/src/logger';
import type { ReportEntryRecord } from '../../backend/src/features/reports/model';
import { reportRepository } from '../../backend/src/features/reports/repository';
import { startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Triage on the real engine: statuses with reasons, duplicates linked,
 * assignee, priority, labels, every change in the history and the audit
 * log, and two reviewers changing one report never losing a change silently.
 */
let platform: TestPlatform;
let token: string;
let chief: string;
beforeAll(async () => {
  platform = await startTestPlatform('triage');
  token = await platform.login();
  chief = (await platform.addAdministrator('chief')).token;
});
afterAll(() => platform?.close()); // `?.`: as in login.test.ts

const newId = () => randomBytes(16).toString('base64url');
const HOUR = new Date('2026-11-25T10:00:00.000Z');

async function seed(rows: Partial<ReportEntryRecord>[] = [{}], view: 'active' | 'archive' = 'active') {
  const entries = rows.map((row) => ({ _id: newId(), receivedAt: HOUR, status: 'new' as const, ...row }));
  await reportRepository(platform.db).insertEntries(view, entries);
  return entries.map((e) => e._id);
}

const change = (id: string, body: object, as = token) =>
  request(platform.app).patch(`/api/v1/reports/${id}`).set('Authorization', `Bearer ${as}`).send(body);
const history = async (id: string) =>
  (await request(platform.app).get(`/api/v1/reports/${id}/history`).set('Authorization', `Bearer ${token}`).expect(200))
    .body.changes as { version: number; actor: string; at: string; changes: Record<string, unknown> }[];
const list = async (query: string) =>
  (await request(platform.app).get(`/api/v1/reports?${query}`).set('Authorization', `Bearer ${token}`).expect(200))
    .body as { reports: { id: string; status: string; version: number }[]; nextCursor: string | null; total: number };
const ids = (page: { reports: { id: string }[] }) => page.reports.map((r) => r.id).sort();
const auditOf = async (target: string) =>
  (
    (await platform.db
      .collection('audit_log')
      .find({ action: 'report.change', target })
      .sort({ _id: 1 })
      .toArray()) as unknown as { actor: string; details: Record<string, unknown> }[]
  ).map((e) => ({ actor: e.actor, ...e.details }));

describe('statuses', () => {
  it('every transition with its reason: in review, awaiting reporter, referred (to the archive), reopened, closed', async () => {
    const [id] = (await seed()) as [string];
    const steps: [string, string, 'active' | 'archive'][] = [
      ['in_review', 'credible, officer named', 'active'],
      ['awaiting_reporter', 'asked for the date', 'active'],
      ['referred', 'sent to the prosecutor', 'archive'],
      ['in_review', 'prosecutor asked for more', 'active'],
      ['closed_unfounded', 'no inducement described', 'archive'],
    ];
    for (const [version, [status, reason, view]] of steps.entries()) {
      const response = await change(id, { version, status, reason }).expect(200);
      expect(response.body).toMatchObject({ id, status, reason, version: version + 1 });
      expect(ids(await list(`view=${view}`))).toContain(id);
      expect(ids(await list(`view=${view === 'active' ? 'archive' : 'active'}`))).not.toContain(id);
    }
    const changes = await history(id);
    expect(changes.map((c) => [c.version, c.changes.status, c.changes.reason, c.actor])).toEqual(
      steps.map(([status, reason], i) => [i + 1, status, reason, 'rev.one']),
    );
    expect(await auditOf(id)).toEqual(steps.map(([status], i) => ({ actor: 'rev.one', version: i + 1, status })));
    const opened = await request(platform.app).get(`/api/v1/reports/${id}`).set('Authorization', `Bearer ${token}`);
    // The entry alone was seeded, so the report has no body to open; the workflow lives in the entry.
    expect(opened.status).toBe(404);
  });

  it.each([
    [{ status: 'in_review' }, 400, 'reason_required'],
    [{ status: 'in_review', reason: '   ' }, 400, 'invalid_request'],
    [{ reason: 'a reason alone' }, 400, 'reason_required'],
    [{ status: 'new', reason: 'back', seed: { status: 'in_review' } }, 400, 'status_not_allowed'],
    [{ status: 'closed_duplicate', reason: 'same' }, 400, 'duplicate_of_required'],
    [{ status: 'in_review', reason: 'x', duplicateOf: 'A'.repeat(22) }, 400, 'duplicate_of_unexpected'],
    [{ priority: 'normal' }, 400, 'nothing_to_change'],
    [{ assignee: 'nobody.here' }, 422, 'unknown_assignee'],
    [{ status: 'in_review', reason: 'x', extra: 1 }, 400, 'invalid_request'],
    [{ labels: ['<script>'] }, 400, 'invalid_request'],
    [{ labels: Array.from({ length: 13 }, (_, i) => `l${i}`) }, 400, 'invalid_request'],
  ])('%j is refused (%i %s) and writes nothing', async (given, status, code) => {
    const { seed: row = {}, ...body } = given as { seed?: Partial<ReportEntryRecord> };
    const [id] = (await seed([row])) as [string];
    const response = await change(id, { version: 0, ...body }).expect(status);
    expect(response.body.error.code).toBe(code);
    expect(await history(id)).toEqual([]);
    expect(await auditOf(id)).toEqual([]);
    expect((await reportRepository(platform.db).findEntry(id))?.version ?? 0).toBe(0);
  });

  it('a duplicate is linked to the report it duplicates, which must exist, be another, and not be a duplicate', async () => {
    const [original, copy, third] = (await seed([{}, {}, {}])) as [string, string, string];
    const close = (id: string, duplicateOf: string, version = 0) =>
      change(id, { version, status: 'closed_duplicate', reason: 'same officer, same day', duplicateOf });
    expect((await close(copy, copy).expect(422)).body.error.code).toBe('invalid_duplicate');
    expect((await close(copy, newId()).expect(422)).body.error.code).toBe('invalid_duplicate');
    const closed = await close(copy, original).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed_duplicate', duplicateOf: original, version: 1 });
    expect((await history(copy))[0]!.changes).toMatchObject({ duplicateOf: original });
    // Chains are refused: name the original.
    const chained = await close(third, copy).expect(422);
    expect(chained.body.error.message).toContain(original);
    expect(ids(await list('view=archive&status=closed_duplicate'))).toContain(copy);
  });

  it('assignee, priority and labels, each in the history with who and when', async () => {
    const [id] = (await seed()) as [string];
    await change(id, { version: 0, assignee: 'chief' }).expect(200);
    await change(id, { version: 1, priority: 'urgent', labels: ['money', 'алматы', 'money'] }, chief).expect(200);
    const cleared = await change(id, { version: 2, assignee: null }).expect(200);
    expect(cleared.body).toMatchObject({ assignee: null, priority: 'urgent', labels: ['money', 'алматы'] });
    const changes = await history(id);
    expect(changes.map((c) => [c.actor, c.changes])).toEqual([
      ['rev.one', { assignee: 'chief' }],
      ['chief', { priority: 'urgent', labels: ['money', 'алматы'] }],
      ['rev.one', { assignee: null }],
    ]);
    expect(changes.every((c) => c.at === platform.clock.now().toISOString())).toBe(true);
    expect((await auditOf(id)).map((e) => e.actor)).toEqual(['rev.one', 'chief', 'rev.one']);
  });

  it('a change on an old version is refused with 409 report_changed, and the other change stays', async () => {
    const [id] = (await seed()) as [string];
    await change(id, { version: 0, status: 'in_review', reason: 'first' }).expect(200);
    const late = await change(id, { version: 0, priority: 'high' }, chief).expect(409);
    expect(late.body.error).toEqual({ code: 'report_changed', message: expect.stringContaining('version 1') });
    expect((await history(id)).map((c) => c.changes)).toEqual([{ status: 'in_review', reason: 'first' }]);
  });

  it('a report that does not exist is 404, a malformed id 400', async () => {
    expect((await change(newId(), { version: 0, priority: 'high' }).expect(404)).body.error.code).toBe(
      'report_not_found',
    );
    expect((await change('nope', { version: 0, priority: 'high' }).expect(400)).body.error.code).toBe(
      'invalid_request',
    );
  });
});

describe('20 concurrent changes to one report on the embedded engine', () => {
  it('on the same version: exactly one is applied and in the history, 19 are refused with 409', async () => {
    const [id] = (await seed()) as [string];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => change(id, { version: 0, labels: [`try-${i}`] }, i % 2 ? chief : token)),
    );
    const won = responses.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409 && r.body.error.code === 'report_changed')).toHaveLength(19);
    const changes = await history(id);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.changes.labels).toEqual(won[0]!.body.labels);
    expect((await reportRepository(platform.db).findEntry(id))?.labels).toEqual(won[0]!.body.labels);
  });

  it('each retrying on 409 from the version it is told: all 20 applied, each once, versions 1–20 without a gap', async () => {
    const [id] = (await seed()) as [string];
    let refused = 0;
    const worker = async (i: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const current = (await list('view=active')).reports.find((r) => r.id === id)!;
        const status = current.status === 'in_review' ? 'awaiting_reporter' : 'in_review';
        const response = await change(id, { version: current.version, status, reason: `w${i}` }, i % 2 ? chief : token);
        if (response.status === 200) return;
        expect(response.body.error.code).toBe('report_changed');
        refused += 1;
      }
      throw new Error(`worker ${i} never got its change in`);
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => worker(i)));
    const changes = await history(id);
    expect(changes.map((c) => c.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Every worker's change is in the history exactly once: none overwrote another's.
    expect(changes.map((c) => c.changes.reason).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `w${i}`).sort());
    // Each change was made on the state the one before left: the statuses alternate.
    expect(changes.every((c, i) => c.changes.status === (i % 2 ? 'awaiting_reporter' : 'in_review'))).toBe(true);
    const final = (await reportRepository(platform.db).findEntry(id))!;
    expect(final).toMatchObject({ version: 20, reason: changes.at(-1)!.changes.reason });
    expect(refused).toBeGreaterThan(0);
  });
});

describe('the inbox: filters, sort, pages', () => {
  let fresh: TestPlatform;
  let freshToken: string;
  const rows: Record<string, string> = {};
  beforeAll(async () => {
    fresh = await startTestPlatform('triagefilters');
    freshToken = await fresh.login();
    const at = (days: number) => new Date(fresh.clock.now().getTime() - days * 86_400_000);
    const seedRows: [string, Partial<ReportEntryRecord>][] = [
      ['fresh', { receivedAt: new Date('2026-11-25T09:00:00Z') }],
      ['unacknowledged', { receivedAt: new Date(Date.UTC(2026, 10, 15, 10)) }],
      ['noFeedback', { receivedAt: at(100), status: 'in_review', acknowledgedAt: at(99), priority: 'high' }],
      [
        'assigned',
        { receivedAt: at(2), status: 'in_review', acknowledgedAt: at(1), assignee: 'rev.one', labels: ['money'] },
      ],
      ['urgent', { receivedAt: at(3), priority: 'urgent', labels: ['money', 'court'] }],
      [
        'waiting',
        {
          receivedAt: at(4),
          status: 'awaiting_reporter',
          acknowledgedAt: at(3),
          feedbackAt: at(3),
          unreadReplies: true,
        },
      ],
    ];
    const repository = reportRepository(fresh.db);
    for (const [name, row] of seedRows) {
      const _id = newId();
      rows[name] = _id;
      await repository.insertEntries('active', [{ _id, receivedAt: HOUR, status: 'new', ...row }]);
    }
  });
  afterAll(() => fresh.close());
  const listFresh = async (query: string) =>
    (await request(fresh.app).get(`/api/v1/reports?${query}`).set('Authorization', `Bearer ${freshToken}`).expect(200))
      .body as { reports: { id: string; overdue: string | null }[]; nextCursor: string | null; total: number };
  const named = (page: { reports: { id: string }[] }) =>
    page.reports.map((r) => Object.keys(rows).find((k) => rows[k] === r.id)).sort();

  it.each([
    ['status=in_review', ['assigned', 'noFeedback']],
    ['status=awaiting_reporter', ['waiting']],
    ['assignee=rev.one', ['assigned']],
    ['assignee=none', ['fresh', 'noFeedback', 'unacknowledged', 'urgent', 'waiting']],
    ['priority=urgent', ['urgent']],
    ['priority=high', ['noFeedback']],
    ['label=money', ['assigned', 'urgent']],
    ['label=court&priority=urgent', ['urgent']],
    ['overdue=true', ['noFeedback', 'unacknowledged']],
    ['overdue=false', ['assigned', 'fresh', 'urgent', 'waiting']],
    ['unreadReplies=true', ['waiting']],
    ['receivedFrom=2026-11-20&receivedTo=2026-11-25T09', ['assigned', 'urgent', 'waiting']],
    ['receivedFrom=2026-11-25T09:00:00Z', ['fresh']],
  ])('?%s', async (query, expected) => {
    expect(named(await listFresh(query))).toEqual([...expected].sort());
  });

  it('overdue says which reminder: acknowledge (7 days) or feedback (90 days)', async () => {
    const page = await listFresh('overdue=true');
    const kinds = Object.fromEntries(page.reports.map((r) => [r.id, r.overdue]));
    expect(kinds).toEqual({ [rows.unacknowledged!]: 'acknowledge', [rows.noFeedback!]: 'feedback' });
  });

  it('sorted by priority, paged two at a time: every report once, urgent first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { reports: { id: string }[]; nextCursor: string | null } = await listFresh(
        `sort=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.reports.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen.slice(0, 2)).toEqual([rows.urgent, rows.noFeedback]);
  });

  it('oldest first', async () => {
    const page = await listFresh('sort=received_asc&limit=1');
    expect(page.reports[0]!.id).toBe(rows.noFeedback);
    expect(page.total).toBe(6);
  });

  it.each([
    ['overdue=yes', 'overdue'],
    ['receivedFrom=last-week', 'receivedFrom'],
    ['assignee=Not%20A%20User', 'assignee'],
    ['sort=random', 'sort'],
    ['label=%3Cb%3E', 'label'],
  ])('?%s is refused (400 naming %s)', async (query, field) => {
    const response = await request(fresh.app)
      .get(`/api/v1/reports?${query}`)
      .set('Authorization', `Bearer ${freshToken}`)
      .expect(400);
    expect(response.body.error).toEqual({ code: 'invalid_request', message: expect.stringContaining(field) });
  });

  it('a cursor from another sort is refused', async () => {
    const first = await listFresh('limit=1');
    const response = await request(fresh.app)
      .get(`/api/v1/reports?sort=priority&cursor=${first.nextCursor}`)
      .set('Authorization', `Bearer ${freshToken}`)
      .expect(400);
    expect(response.body.error.code).toBe('invalid_cursor');
  });

  it('never stale: a change made through another server instance shows at once in this one', async () => {
    const other = createServices({
      db: fresh.db,
      clock: fresh.clock,
      config: {
        dataDir: fresh.dataDir,
        agencyFingerprint: undefined,
        publicDir: fresh.dataDir,
        session: { idleMinutes: 30, maxHours: 8 },
        proofOfWorkBits: 0,
        behindTls: false,
        uploads: { expiryHours: 24, sweepMinutes: 10 },
      },
    });
    const otherApp = createApp(
      {
        db: fresh.db,
        clock: fresh.clock,
        logger: createLogger({ level: 'silent' }),
        config: {
          dataDir: fresh.dataDir,
          agencyFingerprint: undefined,
          publicDir: fresh.dataDir,
          session: { idleMinutes: 30, maxHours: 8 },
          proofOfWorkBits: 0,
          behindTls: false,
          uploads: { expiryHours: 24, sweepMinutes: 10 },
        },
      },
      other,
    );
    // This instance has its copy of the inbox now.
    expect(named(await listFresh('priority=low'))).toEqual([]);
    await request(otherApp)
      .patch(`/api/v1/reports/${rows.fresh}`)
      .set('Authorization', `Bearer ${freshToken}`)
      .send({ version: 0, priority: 'low', status: 'referred', reason: 'to the prosecutor' })
      .expect(200);
    expect(named(await listFresh('view=archive&priority=low'))).toEqual(['fresh']);
    expect(named(await listFresh('view=active'))).not.toContain('fresh');
    await other.reports.settled();
    // The messages feature's flag, set through the other instance's repository, shows here too.
    await reportRepository(fresh.db).setUnreadReplies(rows.urgent!, true);
    expect(named(await listFresh('unreadReplies=true'))).toEqual(['urgent', 'waiting']);
    // A report arriving through another instance shows too.
    const arrivedId = newId();
    await reportRepository(fresh.db).listEntry({ _id: arrivedId, receivedAt: HOUR, status: 'new' });
    expect((await listFresh('view=active')).reports.map((r) => r.id)).toContain(arrivedId);
    // The change log names what reviewers changed, with no time, and never an arriving report (its order among
    // reviewers' timed actions would date it finer than the hour).
    const logged = await fresh.db.collection('inbox_changes').find({}).toArray();
    expect(logged.length).toBeGreaterThan(0);
    for (const entry of logged) expect(Object.keys(entry).sort()).toEqual(['_id', 'ids', 'seq', 'view']);
    expect(logged.flatMap((e) => e.ids as string[])).not.toContain(arrivedId);
    expect(logged.flatMap((e) => e.ids as string[])).toContain(rows.fresh);
  });
});

describe('the dashboard', () => {
  it('counts from the workflow fields, as JSON and CSV, each look audited', async () => {
    const dash = await startTestPlatform('dashboard');
    try {
      const dashToken = await dash.login();
      const repository = reportRepository(dash.db);
      const now = dash.clock.now();
      const inReview = newId();
      await repository.insertEntries('active', [
        { _id: newId(), receivedAt: new Date(now.getTime() - 10 * 86_400_000), status: 'new' },
        { _id: inReview, receivedAt: new Date('2026-11-25T08:00:00Z'), status: 'in_review', assignee: 'rev.one' },
      ]);
      await repository.insertEntries('archive', [
        { _id: newId(), receivedAt: new Date('2026-11-24T08:00:00Z'), status: 'referred', updatedAt: now },
      ]);
      const response = await request(dash.app)
        .get('/api/v1/dashboard')
        .set('Authorization', `Bearer ${dashToken}`)
        .expect(200);
      expect(response.body).toMatchObject({
        total: 3,
        byStatus: { new: 1, in_review: 1, referred: 1, awaiting_reporter: 0 },
        byAssignee: { 'rev.one': 1, none: 1 },
        byAge: { '0-7': 1, '7-30': 1 },
        overdue: { acknowledge: 1, feedback: 0 },
      });
      expect(response.body.receivedPerWeek.at(-1)).toEqual({ week: '2026-11-23', count: 2 });
      expect(response.body.referredPerMonth.at(-1)).toEqual({ month: '2026-11', count: 1 });
      const csv = await request(dash.app)
        .get('/api/v1/dashboard.csv')
        .set('Authorization', `Bearer ${dashToken}`)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe('figure,key,count');
      expect(lines).toEqual(expect.arrayContaining(['total,all,3', 'status,referred,1', 'overdue,acknowledge,1']));
      const actions = await dash.db
        .collection('audit_log')
        .find({ action: { $in: ['dashboard.view', 'dashboard.export'] } })
        .toArray();
      expect(actions.map((a) => [a.action, a.actor])).toEqual([
        ['dashboard.view', 'rev.one'],
        ['dashboard.export', 'rev.one'],
      ]);
      // Current at every look: a report referred since the last one is counted in the archive now.
      await request(dash.app)
        .patch(`/api/v1/reports/${inReview}`)
        .set('Authorization', `Bearer ${dashToken}`)
        .send({ version: 0, status: 'referred', reason: 'sent to the prosecutor' })
        .expect(200);
      const later = await request(dash.app)
        .get('/api/v1/dashboard')
        .set('Authorization', `Bearer ${dashToken}`)
        .expect(200);
      expect(later.body).toMatchObject({ total: 3, byStatus: { new: 1, in_review: 0, referred: 2 } });
      await request(dash.app).get('/api/v1/dashboard').expect(401);
    } finally {
      await dash.close();
    }
  });
});
