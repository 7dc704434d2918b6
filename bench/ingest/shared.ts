/** The floor server's collection: the same document and the same unique receipt index as report_bodies. */
export const FLOOR_COLLECTION = 'floor_bodies';
