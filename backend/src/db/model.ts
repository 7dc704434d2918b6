import type { Connection, Model, Schema } from 'mongoose';

/** A connection's model by name, compiled on first use; each test database gets its own. */
export function modelOf<T>(db: Connection, name: string, schema: Schema<T>): Model<T> {
  return (db.models[name] as Model<T> | undefined) ?? db.model<T>(name, schema);
}

/**
 * How a feature hands a model to the connection: `openDatabase` registers it
 * and builds the indexes it declares. Each feature exports a list of these
 * from its model.ts; backend/src/features/index.ts gathers them.
 */
export type ModelRegistration = (db: Connection) => Pick<Model<never>, 'createIndexes'>;
