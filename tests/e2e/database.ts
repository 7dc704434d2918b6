import path from 'node:path';

import mongoose, { type Connection } from 'mongoose';

import { startEngine } from '../../backend/src/engine/engine';
import { projectRoot } from '../../backend/src/project';
import { platform } from './platform';

/**
 * The running server's database, reached the way the admin command reaches
 * it: the product's launcher finds the engine the server started on its data
 * folder and connects to it (it starts nothing). For specs that change what
 * is stored, as an intruder with database access would.
 */
export async function openServerDatabase(): Promise<{ db: Connection; close(): Promise<void> }> {
  const engine = await startEngine({ dataDir: platform().dataDir, toolsDir: path.join(projectRoot(), 'tools', 'bin') });
  if (engine.kind !== 'shared') {
    await engine.stop();
    throw new Error(`expected the running server's engine, got a new ${engine.kind} engine`);
  }
  const db = await mongoose.createConnection(engine.uri, { dbName: 'whistle412' }).asPromise();
  return { db, close: () => db.close() };
}
