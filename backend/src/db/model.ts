import type { Connection, Model, Schema } from 'mongoose';

/** A connection's model by name, compiled on first use; each test database gets its own. */
export function modelOf<T>(db: Connection, name: string, schema: Schema<T>): Model<T> {
  return (db.models[name] as Model<T> | undefined) ?? db.model<T>(name, schema);
}
