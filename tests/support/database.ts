import { randomBytes } from 'node:crypto';

import type { Connection } from 'mongoose';

import { openDatabase } from '../../backend/src/db/connect';
import { featureModels } from '../../backend/src/features';

export function testEngineUri(): string {
  const uri = process.env.W412_TEST_MONGODB_URI;
  if (!uri)
    throw new Error('W412_TEST_MONGODB_URI is not set: run API tests through jest (tests/support/global-setup.ts)');
  return uri;
}

export const uniqueDbName = (label: string) =>
  `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;

/** A fresh database on the shared test engine, with the product's indexes; dropped by `drop()`. */
export async function openTestDatabase(
  label: string,
): Promise<{ db: Connection; name: string; drop(): Promise<void> }> {
  const name = uniqueDbName(label);
  const db = await openDatabase({ uri: testEngineUri(), dbName: name, models: featureModels });
  return {
    db,
    name,
    async drop() {
      await db.dropDatabase().catch(() => {});
      await db.close();
    },
  };
}
