/**
 * Background work on a timer: the hourly traffic line, the sweeps. Behind an
 * interface so tests run a task when they choose instead of waiting for it.
 */
export interface Scheduler {
  /**
   * Runs `task` every `intervalMs`. `aligned` starts it at the next whole
   * multiple of the interval (on the hour, for an hourly task), so when it runs
   * says nothing about when any request came. Failures go to `onError`. A run
   * still going when the next is due makes that one skip.
   */
  every(
    name: string,
    intervalMs: number,
    task: () => unknown,
    options?: { aligned?: boolean; immediately?: boolean },
  ): void;
  stop(): void;
}

export function timerScheduler({
  now = () => Date.now(),
  onError,
}: {
  now?: () => number;
  onError(name: string, error: unknown): void;
}): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const run = async (name: string, task: () => unknown) => {
    try {
      await task();
    } catch (error) {
      onError(name, error);
    }
  };
  // A task still running when its next turn comes skips that turn: a sweep slowed by a large collection or a
  // slow database never runs twice at once.
  const oneAtATime = (task: () => unknown) => {
    let busy = false;
    return async () => {
      if (busy) return;
      busy = true;
      try {
        await task();
      } finally {
        busy = false;
      }
    };
  };
  const keep = (timer: NodeJS.Timeout) => {
    timer.unref();
    timers.add(timer);
    return timer;
  };
  return {
    every(name, intervalMs, given, { aligned = false, immediately = false } = {}) {
      const task = oneAtATime(given);
      if (immediately) void run(name, task);
      const start = () => keep(setInterval(() => void run(name, task), intervalMs));
      if (!aligned) {
        start();
        return;
      }
      const first = keep(
        setTimeout(
          () => {
            timers.delete(first);
            if (stopped) return;
            void run(name, task);
            start();
          },
          intervalMs - (now() % intervalMs),
        ),
      );
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** For tests: tasks run only when `run(name)` is called. */
export class ManualScheduler implements Scheduler {
  readonly tasks = new Map<string, { intervalMs: number; task: () => unknown }>();
  every(name: string, intervalMs: number, task: () => unknown): void {
    this.tasks.set(name, { intervalMs, task });
  }
  async run(name: string): Promise<unknown> {
    const entry = this.tasks.get(name);
    if (!entry) throw new Error(`no task named ${name}`);
    return entry.task();
  }
  stop(): void {
    this.tasks.clear();
  }
}
