import type { Connection } from 'mongoose';

/** Every collection's document count: equal before and after shows a refused request wrote nothing. */
export async function documentCounts(db: Connection): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name } of await db.db!.listCollections().toArray()) {
    counts[name] = await db.db!.collection(name).countDocuments();
  }
  return counts;
}
