export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Times stored about reporters, and log times, keep only the hour: exact
 * times could be matched against network records to find who submitted.
 */
export function toHour(date: Date): Date {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
