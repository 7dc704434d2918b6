import type { Model } from 'mongoose';

import { isDuplicateKey } from './duplicate-key';

/**
 * Adds `item` to the array `field` of document `_id` (made if missing)
 * unless the array already holds `max` items, in one guarded update: the
 * filter and the change are one step (MongoDB, and the embedded engine with
 * its atomic-update patch), so parallel writers cannot pass the limit
 * together as a read, then a write, would let them. An item already listed
 * stays listed, full or not. On a full list the upsert's insert collides
 * with the existing `_id`; once more tells that from two first writers
 * making the list at once (the second then finds it).
 */
export async function addToBoundedList<T>(
  model: Model<T>,
  id: string,
  field: string,
  item: string,
  max: number,
): Promise<'listed' | 'full'> {
  const add = () =>
    model
      .updateOne(
        { _id: id, $or: [{ [field]: item }, { [`${field}.${max - 1}`]: { $exists: false } }] } as never,
        { $addToSet: { [field]: item } } as never,
        { upsert: true },
      )
      .exec();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await add();
      return 'listed';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return 'full';
}

/** Takes `item` out of the list again (a write that turned out not to belong to it). */
export async function removeFromList<T>(model: Model<T>, id: string, field: string, item: string): Promise<void> {
  await model.updateOne({ _id: id } as never, { $pull: { [field]: item } } as never).exec();
}
