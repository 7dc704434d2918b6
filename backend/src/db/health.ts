import type { Connection } from 'mongoose';

/** Longer than a healthy engine ever takes to answer a ping; short enough for a load balancer's probe. */
const PING_TIMEOUT_MS = 2_000;

/** Whether the database answers now: a ping, given up after two seconds (a frozen engine never answers). */
export async function databaseAnswers(db: Connection): Promise<boolean> {
  if (db.readyState !== 1 || !db.db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([db.db.command({ ping: 1 }).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
