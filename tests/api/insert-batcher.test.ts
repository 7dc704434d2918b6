import mongoose, { type Connection } from 'mongoose';

import { insertBatcher } from '../../backend/src/db/insert-batcher';
import { testEngineUri, uniqueDbName } from '../support/database';

/**
 * Group commit with lingering (the inbox entries a submission writes after
 * its answer), on the real engine. The linger is ten minutes here, far past
 * the test's time limit: whatever the tests see written was sent by a full
 * batch, `now` or `idle`, never by the timer.
 */
const TEN_MINUTES = 600_000;

describe('insertBatcher with lingering', () => {
  let db: Connection;
  let collectionNumber = 0;
  beforeAll(async () => {
    db = await mongoose.createConnection(testEngineUri(), { dbName: uniqueDbName('batcher') }).asPromise();
  });
  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  /** A real collection, with the number of insertMany calls the batcher made on it. */
  function counted() {
    const collection = db.collection<{ _id: string }>(`entries_${++collectionNumber}`);
    const calls: number[] = [];
    return {
      collection,
      calls,
      target: {
        insertMany: (docs: { _id: string }[], options: object) => {
          calls.push(docs.length);
          return collection.insertMany(docs, options);
        },
      },
    };
  }

  it('holds inserts nobody waits on, and sends them together in one insert when asked to settle', async () => {
    const { collection, calls, target } = counted();
    const insert = insertBatcher(target, { lingerMs: TEN_MINUTES });
    const outcomes = ['a', 'b', 'c', 'd', 'e'].map((id) => insert({ _id: id }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await collection.countDocuments()).toBe(0);
    await insert.idle();
    expect(await Promise.all(outcomes)).toEqual(Array(5).fill('inserted'));
    expect(calls).toEqual([5]);
    expect(await collection.countDocuments()).toBe(5);
  });

  it('sends an insert someone waits on at once, with the lingering ones', async () => {
    const { collection, calls, target } = counted();
    const insert = insertBatcher(target, { lingerMs: TEN_MINUTES });
    const lingering = ['a', 'b'].map((id) => insert({ _id: id }));
    expect(await insert({ _id: 'urgent' }, { now: true })).toBe('inserted');
    expect(await Promise.all(lingering)).toEqual(['inserted', 'inserted']);
    expect(calls).toEqual([3]);
    expect(await collection.countDocuments()).toBe(3);
  });

  it('sends a full batch without waiting', async () => {
    const { calls, target } = counted();
    const insert = insertBatcher(target, { lingerMs: TEN_MINUTES });
    const outcomes = await Promise.all(Array.from({ length: 64 }, (_, i) => insert({ _id: `entry-${i}` })));
    expect(outcomes).toEqual(Array(64).fill('inserted'));
    expect(calls).toEqual([64]);
  });

  it('tells only the caller whose document is a duplicate, in a lingering batch', async () => {
    const { collection, target } = counted();
    await collection.insertOne({ _id: 'taken' });
    const insert = insertBatcher(target, { lingerMs: TEN_MINUTES });
    const outcomes = ['new-1', 'taken', 'new-2'].map((id) => insert({ _id: id }));
    await insert.idle();
    expect(await Promise.all(outcomes)).toEqual(['inserted', 'duplicate', 'inserted']);
    expect(await collection.countDocuments()).toBe(3);
  });
});

describe('insertBatcher, one caller at a time', () => {
  let db: Connection;
  beforeAll(async () => {
    db = await mongoose.createConnection(testEngineUri(), { dbName: uniqueDbName('batcher-one') }).asPromise();
  });
  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('sends a batch of one as a single insert, and a duplicate there is an answer, not a fault', async () => {
    const collection = db.collection<{ _id: string }>('single');
    const calls: string[] = [];
    const insert = insertBatcher({
      insertOne: (doc: { _id: string }) => {
        calls.push(`one ${doc._id}`);
        return collection.insertOne(doc);
      },
      insertMany: (docs: { _id: string }[], options: object) => {
        calls.push(`many ${docs.length}`);
        return collection.insertMany(docs, options);
      },
    });
    expect(await insert({ _id: 'a' })).toBe('inserted');
    expect(await insert({ _id: 'a' })).toBe('duplicate');
    expect(await Promise.all([insert({ _id: 'b' }), insert({ _id: 'c' }), insert({ _id: 'a' })])).toEqual([
      'inserted',
      'inserted',
      'duplicate',
    ]);
    // The first of the three went alone (nothing was in flight); the other two waited and went together.
    expect(calls).toEqual(['one a', 'one a', 'one b', 'many 2']);
    expect((await collection.find().toArray()).map((d) => d._id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('a grouped insert that fails with a bulk error naming nothing (the connection lost under it) answers every caller', async () => {
    // The driver's own error class, without the result and write errors a refused write would carry.
    const lost = new mongoose.mongo.MongoBulkWriteError({ message: 'connection closed', code: 6 }, undefined as never);
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const insert = insertBatcher<{ _id: string }>({
      insertOne: async () => {
        await first;
        return {};
      },
      insertMany: () => Promise.reject(lost),
    });
    const alone = insert({ _id: 'a' });
    // These two wait behind the first and then go together, in the insertMany that fails.
    const together = [insert({ _id: 'b' }), insert({ _id: 'c' })].map((p) =>
      p.then(
        () => 'answered',
        (e) => e,
      ),
    );
    release();
    await expect(alone).resolves.toBe('inserted');
    expect(await Promise.all(together)).toEqual([lost, lost]);
  });

  it('passes on a fault of a single insert to its caller', async () => {
    const insert = insertBatcher({
      insertOne: () => Promise.reject(new Error('the engine went away')),
      insertMany: () => Promise.reject(new Error('not used')),
    });
    await expect(insert({ _id: 'x' })).rejects.toThrow('the engine went away');
  });
});
