import { AppError } from '../../http/errors';

export const destinationKeyErrors = {
  invalidKey: (detail: string) => new AppError(400, 'invalid_destination_key', detail),
  exists: () =>
    new AppError(409, 'destination_key_exists', 'A destination key with this fingerprint is already registered.'),
  tooMany: (limit: number) =>
    new AppError(409, 'too_many_destination_keys', `At most ${limit} destination keys can be registered.`),
  notFound: () => new AppError(404, 'destination_key_not_found', 'There is no destination key with this fingerprint.'),
};
