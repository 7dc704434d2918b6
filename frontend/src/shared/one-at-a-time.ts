/**
 * Wraps a send so that a call made while an earlier one still runs does
 * nothing and answers `busy`. A page disables its button only once the first
 * stage renders, some time after the press (after the files' hashes, say): a
 * second press before that (a double click, an impatient tap) would seal and
 * send a second report or message, of which the person would see one.
 */
export function oneAtATime<A extends unknown[], T>(
  send: (...args: A) => Promise<T>,
  busy: T,
): (...args: A) => Promise<T> {
  let running = false;
  return async (...args) => {
    if (running) return busy;
    running = true;
    try {
      return await send(...args);
    } finally {
      running = false;
    }
  };
}
