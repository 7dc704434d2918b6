/** The database refused a write because a document with that unique key (an `_id`) exists already. */
export const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 11000;
