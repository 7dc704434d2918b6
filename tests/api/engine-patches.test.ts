import mongoose, { type Connection } from 'mongoose';

import { testEngineUri, uniqueDbName } from '../support/database';

/**
 * What the app relies on from its database, proved against the engine the
 * tests run on (the embedded FerretDB with tools/ferretdb/patches, or MongoDB
 * at MONGODB_URI). Each test fails on FerretDB 1.24.2 as released; to see it:
 *   W412_FERRETDB=unpatched npx jest tests/api/engine-patches.test.ts
 */
describe('the database engine', () => {
  let db: Connection;
  beforeAll(async () => {
    db = await mongoose.createConnection(testEngineUri(), { dbName: uniqueDbName('engine') }).asPromise();
  });
  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('finds a document by _id through the _id index, not by scanning (patch A)', async () => {
    const docs = db.collection<{ _id: string; n: number }>('lookups');
    await docs.insertMany(Array.from({ length: 200 }, (_, n) => ({ _id: `doc-${n}`, n })));
    const explained = (await db.db!.command({
      explain: { find: 'lookups', filter: { _id: 'doc-199' } },
      verbosity: 'queryPlanner',
    })) as { serverInfo?: { ferretdbVersion?: string }; queryPlanner: { Plan?: string[]; winningPlan?: unknown } };

    if (explained.serverInfo?.ferretdbVersion !== undefined) {
      // FerretDB on SQLite hands back SQLite's own EXPLAIN QUERY PLAN.
      const plan = (explained.queryPlanner.Plan ?? []).join('\n');
      expect(plan).toMatch(/detail=SEARCH \S+ USING INDEX \S+__id_ /);
      expect(plan).not.toMatch(/detail=SCAN /);
    } else {
      // MongoDB: the _id fast path (IDHACK, or EXPRESS_IXSCAN from 8.0), or an index scan.
      expect(JSON.stringify(explained.queryPlanner.winningPlan)).toMatch(/"stage":"(IDHACK|EXPRESS_IXSCAN|IXSCAN)"/);
    }
    expect(await docs.findOne({ _id: 'doc-199' })).toEqual({ _id: 'doc-199', n: 199 });
  });

  it('applies 40 concurrent $inc on one document, none lost (patch B)', async () => {
    const counters = db.collection<{ _id: string; n: number }>('counters');
    await counters.insertOne({ _id: 'one', n: 0 });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => counters.updateOne({ _id: 'one' }, { $inc: { n: 1 } })),
    );
    expect(results.map((r) => r.modifiedCount)).toEqual(Array(40).fill(1));
    expect(await counters.findOne({ _id: 'one' })).toEqual({ _id: 'one', n: 40 });
  });

  it('gives a guarded findOneAndUpdate and a guarded updateOne exactly one winner each (patch B)', async () => {
    const claims = db.collection<{ _id: string; version: number; owner: number | null }>('claims');
    // Several rounds, so a lost race cannot slip through by luck of scheduling.
    for (let round = 0; round < 5; round++) {
      await claims.insertMany([
        { _id: `found-${round}`, version: 0, owner: null },
        { _id: `updated-${round}`, version: 0, owner: null },
      ]);
      const found = await Promise.all(
        Array.from({ length: 20 }, (_, owner) =>
          claims.findOneAndUpdate(
            { _id: `found-${round}`, version: 0 },
            { $set: { owner }, $inc: { version: 1 } },
            { returnDocument: 'after' },
          ),
        ),
      );
      const winners = found.filter((doc) => doc !== null);
      expect(winners).toHaveLength(1);
      expect(await claims.findOne({ _id: `found-${round}` })).toEqual(winners[0]);
      expect(winners[0]).toMatchObject({ version: 1 });

      const updated = await Promise.all(
        Array.from({ length: 20 }, (_, owner) =>
          claims.updateOne({ _id: `updated-${round}`, version: 0 }, { $set: { owner }, $inc: { version: 1 } }),
        ),
      );
      expect(updated.reduce((sum, r) => sum + r.modifiedCount, 0)).toBe(1);
      expect(await claims.findOne({ _id: `updated-${round}` })).toMatchObject({ version: 1 });
    }
  });
});
