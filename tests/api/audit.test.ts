/**
 * The audit log (features/audit): append-only entries numbered by `_id`,
 * each hash covering its content and the previous hash; appends from several
 * instances at once; verification that names the first broken entry; the
 * administrator's view, newest first.
 */
import type { Connection } from 'mongoose';
import request from 'supertest';

import { GENESIS_HASH, entryHash } from '../../backend/src/features/audit/chain';
import { auditRepository } from '../../backend/src/features/audit/repository';
import { auditService, type AuditService } from '../../backend/src/features/audit/service';
import { TestClock } from '../support/clock';
import { openTestDatabase } from '../support/database';
import { REVIEWER, startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

describe('the chain', () => {
  let db: Connection;
  let drop: () => Promise<void>;
  const clock = new TestClock();
  beforeEach(async () => {
    ({ db, drop } = await openTestDatabase('audit'));
  });
  afterEach(() => drop());
  const service = () => auditService({ repository: auditRepository(db), clock });
  const entries = () => db.collection('audit_log').find().sort({ _id: 1 }).toArray();

  async function recordSome(audit: AuditService, n: number) {
    for (let i = 0; i < n; i++) {
      clock.advance(1000);
      await audit.record({ actor: `rev.${i % 3}`, action: 'report.view', target: `report-${i}`, details: { i } });
    }
  }

  it('numbers entries 1, 2, 3… and chains each to the one before by its hash', async () => {
    const audit = service();
    await recordSome(audit, 5);
    const stored = await entries();
    expect(stored.map((e) => e._id)).toEqual([1, 2, 3, 4, 5]);
    expect(stored[0]!.prevHash).toBe(GENESIS_HASH);
    for (const [i, entry] of stored.entries()) {
      expect(entry.hash).toBe(entryHash(entry as never));
      if (i > 0) expect(entry.prevHash).toBe(stored[i - 1]!.hash);
    }
    expect(stored[2]).toMatchObject({ actor: 'rev.2', action: 'report.view', target: 'report-2', details: { i: 2 } });
    expect(await db.collection('audit_head').findOne()).toMatchObject({ seq: 5, hash: stored[4]!.hash });
    await expect(audit.verify()).resolves.toEqual({ ok: true, entries: 5, head: { seq: 5, hash: stored[4]!.hash } });
  });

  it('40 entries appended at once by 4 server instances get 40 consecutive numbers and one unbroken chain', async () => {
    const instances = Array.from({ length: 4 }, service);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        instances[i % 4]!.record({ actor: `rev.${i}`, action: 'session.login', target: `rev.${i}` }),
      ),
    );
    const stored = await entries();
    expect(stored.map((e) => e._id)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(stored.map((e) => e.actor)).size).toBe(40);
    await expect(service().verify()).resolves.toMatchObject({ ok: true, entries: 40 });
    expect(await db.collection('audit_head').findOne()).toMatchObject({ seq: 40 });
  });

  it('a head left behind (a crash between the entry and the head) is caught up with, not forked', async () => {
    const audit = service();
    await recordSome(audit, 4);
    const second = (await entries())[1]!;
    await db.collection('audit_head').updateOne({}, { $set: { seq: 2, hash: second.hash } });
    await recordSome(audit, 1);
    expect((await entries()).map((e) => e._id)).toEqual([1, 2, 3, 4, 5]);
    await expect(audit.verify()).resolves.toMatchObject({ ok: true, entries: 5 });
  });

  describe('verify names the first broken entry', () => {
    beforeEach(() => recordSome(service(), 6));

    it('an entry edited in the database', async () => {
      await db.collection('audit_log').updateOne({ _id: 3 as never }, { $set: { actor: 'someone.else' } });
      await expect(service().verify()).resolves.toMatchObject({
        ok: false,
        entries: 2,
        broken: { seq: 3, problem: 'entry 3 was changed: its content does not match its hash' },
      });
    });

    it('an entry edited with its hash computed again (the next entry no longer follows)', async () => {
      const third = (await entries())[2]!;
      const forged = { ...third, details: { i: 99 } };
      await db
        .collection('audit_log')
        .updateOne({ _id: 3 as never }, { $set: { details: forged.details, hash: entryHash(forged as never) } });
      await expect(service().verify()).resolves.toMatchObject({ ok: false, broken: { seq: 4 } });
    });

    it('an entry deleted from the middle', async () => {
      await db.collection('audit_log').deleteOne({ _id: 4 as never });
      await expect(service().verify()).resolves.toMatchObject({
        ok: false,
        broken: { seq: 4, problem: 'entry 4 is missing (the next entry stored is 5)' },
      });
    });

    it('the newest entry deleted (the head still names it)', async () => {
      await db.collection('audit_log').deleteOne({ _id: 6 as never });
      await expect(service().verify()).resolves.toMatchObject({
        ok: false,
        entries: 5,
        broken: { seq: 6, problem: 'entries 6–6 are missing (the head names entry 6)' },
      });
    });

    it('a head kept elsewhere catches a rewrite of the whole tail that the chain alone cannot', async () => {
      const audit = service();
      const kept = (await audit.verify()).head;
      // Whoever can write the database deletes entries 4–6, writes new ones and moves the head: the chain verifies.
      await db.collection('audit_log').deleteMany({ _id: { $gte: 4 } as never });
      await db.collection('audit_head').updateOne({}, { $set: { seq: 3, hash: (await entries())[2]!.hash } });
      await recordSome(audit, 3);
      await expect(audit.verify()).resolves.toMatchObject({ ok: true, entries: 6 });
      expect(await audit.checkAnchor(kept)).toBe(
        'entry 6 no longer has the anchored hash: the log was rewritten from there',
      );
    });
  });

  it('pages newest first by sequence number, and filters by actor, action and target', async () => {
    const audit = service();
    await recordSome(audit, 7);
    const first = await audit.page({ limit: 3, filter: {} });
    expect(first.entries.map((e) => e._id)).toEqual([7, 6, 5]);
    expect(first.nextBefore).toBe(5);
    const second = await audit.page({ before: 5, limit: 3, filter: {} });
    expect(second.entries.map((e) => e._id)).toEqual([4, 3, 2]);
    const last = await audit.page({ before: 2, limit: 3, filter: {} });
    expect([last.entries.map((e) => e._id), last.nextBefore]).toEqual([[1], null]);
    const byActor = await audit.page({ limit: 2, filter: { actor: 'rev.0' } });
    expect([byActor.entries.map((e) => e._id), byActor.nextBefore]).toEqual([[7, 4], 4]);
    const rest = await audit.page({ before: 4, limit: 2, filter: { actor: 'rev.0' } });
    expect(rest.entries.map((e) => e._id)).toEqual([1]);
    expect((await audit.page({ limit: 9, filter: { target: 'report-2' } })).entries.map((e) => e._id)).toEqual([3]);
    expect((await audit.page({ limit: 9, filter: { action: 'session.login' } })).entries).toEqual([]);
  });
});

describe('over HTTP', () => {
  let platform: TestPlatform;
  let admin: Awaited<ReturnType<TestPlatform['addAdministrator']>>;
  beforeAll(async () => {
    platform = await startTestPlatform('audithttp');
    admin = await platform.addAdministrator();
  });
  afterAll(() => platform.close());
  const api = () => request(platform.app);

  it('is for administrators only: 401 without a session, 403 for a reviewer', async () => {
    await api().get('/api/v1/admin/audit').expect(401);
    const token = await platform.login();
    const refused = await api().get('/api/v1/admin/audit').auth(token, { type: 'bearer' }).expect(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('records a reviewer opening a report, and nothing when a reporter sends one', async () => {
    const before = await platform.db.collection('audit_log').countDocuments();
    const { submission } = await sealForPlatform(platform);
    await api().post('/api/v1/reports').send(submission).expect(201);
    expect(await platform.db.collection('audit_log').countDocuments()).toBe(before);
    const token = await platform.login();
    const list = await api().get('/api/v1/reports').auth(token, { type: 'bearer' }).expect(200);
    const id = list.body.reports[0].id as string;
    await api().get(`/api/v1/reports/${id}`).auth(token, { type: 'bearer' }).expect(200);
    const page = await api()
      .get('/api/v1/admin/audit?action=report.view')
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    expect(page.body.entries).toEqual([
      expect.objectContaining({ actor: REVIEWER.username, action: 'report.view', target: id, details: {} }),
    ]);
  });

  it('lists newest first with the head, and pages with nextBefore', async () => {
    const first = await api().get('/api/v1/admin/audit?limit=2').auth(admin.token, { type: 'bearer' }).expect(200);
    const { entries, head, nextBefore } = first.body as {
      entries: { seq: number; hash: string }[];
      head: { seq: number; hash: string };
      nextBefore: number;
    };
    expect(entries.map((e) => e.seq)).toEqual([head.seq, head.seq - 1]);
    expect(entries[0]!.hash).toBe(head.hash);
    const next = await api()
      .get(`/api/v1/admin/audit?limit=2&before=${nextBefore}`)
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    expect(next.body.entries[0].seq).toBe(head.seq - 2);
  });

  it.each(['limit=0', 'limit=101', 'before=abc', 'action=report.delete', 'colour=red'])(
    'refuses ?%s with 400 invalid_request',
    async (query) => {
      const response = await api()
        .get(`/api/v1/admin/audit?${query}`)
        .auth(admin.token, { type: 'bearer' })
        .expect(400);
      expect(response.body.error.code).toBe('invalid_request');
    },
  );
});
