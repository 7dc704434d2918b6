/**
 * Calls `apply` at most once per `ms`, with the latest value given in that
 * time (trailing): for progress that arrives faster than it is worth
 * rendering. The last value always arrives, `ms` late at most.
 */
export function coalesce<T>(apply: (value: T) => void, ms: number): (value: T) => void {
  let latest: { value: T } | null = null;
  return (value) => {
    if (latest) {
      latest.value = value;
      return;
    }
    latest = { value };
    setTimeout(() => {
      const { value: last } = latest!;
      latest = null;
      apply(last);
    }, ms);
  };
}
