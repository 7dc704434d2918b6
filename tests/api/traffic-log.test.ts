import request from 'supertest';

import { createUpload, encryptFileForPlatform, putSegment, uploadFile } from '../support/attachments';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

/**
 * Issue 6 §1: what reporters do leaves no time finer than the hour in the
 * log. Real log output of real requests: anonymous routes write nothing per
 * request; the hourly line carries their counts and their faults.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('traffic');
});
afterAll(() => platform.close());
beforeEach(() => {
  platform.logs.length = 0;
});

const parsed = () => platform.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('anonymous requests write no line of their own', () => {
  it('a report submission, refusals, pages, configuration, keys, challenges and a failed login: no line', async () => {
    await request(platform.app)
      .post('/api/v1/reports')
      .send((await sealForPlatform(platform)).submission)
      .expect(201);
    await request(platform.app).post('/api/v1/reports').send({ bad: true }).expect(400);
    await request(platform.app).get('/').expect(200);
    await request(platform.app).get('/nope.html').expect(404);
    await request(platform.app).get('/api/v1/config').expect(200);
    await request(platform.app).get('/api/v1/recipient-keys').expect(200);
    await request(platform.app).get('/api/v1/challenges').expect(200);
    await request(platform.app).get('/api/v1/ready').expect(200);
    await request(platform.app).get('/api/v1/nope').expect(404);
    await request(platform.app).post('/api/v1/session').send({ username: 'nobody', password: 'wrong' }).expect(401);
    await request(platform.app).get('/api/v1/reports').expect(401);
    expect(platform.logs).toEqual([]);
  });

  it('a reviewer request is logged on its own, with its route, status and duration, at hour precision', async () => {
    const token = await platform.login();
    platform.logs.length = 0;
    await request(platform.app).get('/api/v1/reports').set('Authorization', `Bearer ${token}`).expect(200);
    expect(parsed()).toEqual([
      {
        level: 30,
        time: expect.stringMatching(/T\d\d:00:00\.000Z$/),
        msg: 'request',
        route: 'GET /api/v1/reports',
        status: 200,
        ms: expect.any(Number),
      },
    ]);
  });
});

describe('the hourly line', () => {
  it('counts what each anonymous route answered by status class, then starts afresh', async () => {
    await platform.scheduler.run('traffic'); // whatever came before
    platform.logs.length = 0;
    const { submission } = await sealForPlatform(platform);
    await request(platform.app).post('/api/v1/reports').send(submission).expect(201);
    await request(platform.app).post('/api/v1/reports').send(submission).expect(200);
    await request(platform.app).post('/api/v1/reports').send({}).expect(400);
    await request(platform.app).get('/').expect(200);
    await request(platform.app).get('/').expect(200);
    await request(platform.app).get('/api/v1/nope').expect(404);
    await request(platform.app).put('/api/v1/config').expect(405);
    expect(platform.logs).toEqual([]);

    await platform.scheduler.run('traffic');
    expect(parsed()).toEqual([
      {
        level: 30,
        time: expect.stringMatching(/T\d\d:00:00\.000Z$/),
        msg: 'requests not made by reviewers, in the hour that ended',
        requests: {
          'POST /api/v1/reports': { '2xx': 2, '4xx': 1 },
          pages: { '2xx': 2 },
          'unmatched API path': { '4xx': 1 },
          'PUT /api/v1/config': { '4xx': 1 },
        },
        faults: [],
      },
    ]);
    await platform.scheduler.run('traffic');
    expect((parsed()[1] as { requests: object }).requests).toEqual({});
  });

  it('is written on the hour, whenever the server started', () => {
    expect(platform.scheduler.tasks.get('traffic')?.intervalMs).toBe(3_600_000);
  });
});

describe('evidence-file uploads are anonymous routes too', () => {
  it('creating, sending segments, resuming, cancelling and their refusals write no line; the hour counts them', async () => {
    const { segments } = await encryptFileForPlatform(platform, Buffer.from('evidence'));
    await platform.scheduler.run('traffic'); // whatever came before
    platform.logs.length = 0;

    const upload = await uploadFile(platform, segments);
    const auth = { Authorization: `Bearer ${upload.uploadToken}` };
    await request(platform.app).get(`/api/v1/attachments/${upload.id}`).set(auth).expect(200);
    await putSegment(platform, upload, 0, Buffer.from('not a segment')).expect(409); // segment_conflict
    await putSegment(platform, { ...upload, uploadToken: 'x'.repeat(43) }, 0, segments[0]!).expect(404);
    await request(platform.app).post('/api/v1/attachments').send({ segmentCount: 0 }).expect(400);
    const { submission } = await sealForPlatform(platform);
    await request(platform.app)
      .post('/api/v1/reports')
      .send({ ...submission, attachments: [{ id: upload.id, uploadToken: upload.uploadToken }] })
      .expect(201);
    const cancelled = await createUpload(platform, 1);
    await request(platform.app)
      .delete(`/api/v1/attachments/${cancelled.id}`)
      .set('Authorization', `Bearer ${cancelled.uploadToken}`)
      .expect(204);
    expect(platform.logs).toEqual([]);

    await platform.scheduler.run('traffic');
    expect(parsed()).toEqual([
      expect.objectContaining({
        time: expect.stringMatching(/T\d\d:00:00\.000Z$/),
        msg: 'requests not made by reviewers, in the hour that ended',
        requests: {
          'POST /api/v1/attachments': { '2xx': 2, '4xx': 1 },
          'PUT /api/v1/attachments/:id/segments/:index': { '2xx': segments.length, '4xx': 2 },
          'GET /api/v1/attachments/:id': { '2xx': 1 },
          'DELETE /api/v1/attachments/:id': { '2xx': 1 },
          'POST /api/v1/reports': { '2xx': 1 },
        },
      }),
    ]);
  });

  it("a reviewer's reading of a file is logged per request, as reviewer routes are", async () => {
    const reviewer = await platform.login();
    platform.logs.length = 0;
    // No such report: its refusal is logged like any reviewer request.
    const id = 'A'.repeat(22);
    await request(platform.app).get(`/api/v1/reports/${id}/attachments`).auth(reviewer, { type: 'bearer' }).expect(404);
    expect(parsed()).toEqual([
      expect.objectContaining({ msg: 'request', route: 'GET /api/v1/reports/:id/attachments', status: 404 }),
    ]);
  });
});

describe('faults on anonymous routes', () => {
  it('are answered at once but logged only in the hourly line, each distinct fault once with its count', async () => {
    const broken = await startTestPlatform('traffic-broken');
    try {
      // A dropped collection's model still answers, so break the app deeper: a closed connection is "unavailable".
      await broken.db.close();
      broken.logs.length = 0;
      const answers = await Promise.all(
        Array.from({ length: 3 }, async () => (await request(broken.app).get('/api/v1/recipient-keys')).status),
      );
      expect(answers).toEqual([503, 503, 503]);
      expect(broken.logs).toEqual([]);
      await broken.scheduler.run('traffic');
      const [line] = broken.logs.map((l) => JSON.parse(l) as { requests: object; faults: object[] });
      expect(line!.requests).toEqual({ 'GET /api/v1/recipient-keys': { '5xx': 3 } });
      expect(line!.faults).toEqual([{ detail: expect.stringMatching(/^Mongo\w*Error: /), times: 3 }]);
    } finally {
      await broken.close().catch(() => {});
    }
  });
});
