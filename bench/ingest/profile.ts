import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives, in the words of the summary: a package, a folder of ours, or Node itself. */
function categoryOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 and native (program)';
    return `native: ${functionName || 'anonymous'}`;
  }
  // The innermost package: mongoose's own copy of the MongoDB driver counts as the driver.
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] === 'mongodb' ? 'mongodb (driver)' : pkg[1]!;
  if (url.startsWith('node:')) {
    const name = url.slice(5);
    if (/^internal\/(streams|stream_base|net)|^net|^stream/.test(name)) return 'node: sockets and streams';
    if (/^internal\/http|^_http|^http/.test(name)) return 'node: http';
    if (/crypto/.test(name)) return 'node: crypto';
    return `node: ${name.split('/').slice(0, 2).join('/')}`;
  }
  const ours = /\/(backend\/src\/[^?]+|crypto\/src\/[^?]+|bench\/[^?]+)/.exec(url);
  if (ours) return ours[1]!.replace(/\.[jt]s$/, '');
  return url;
}

/** Self time by category and the heaviest functions, as percentages of the busy (non-idle) time. */
export function summarizeProfile(file: string, top = 12): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Collecting the profile itself (the inspector session's Profiler.stop) is not the server's work.
  const profiling = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)!.callFrame.url === 'node:inspector') return true;
    }
    return false;
  };
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of selfMs) {
    if (profiling(id)) continue;
    const frame = byId.get(id)!.callFrame;
    const category = categoryOf(frame);
    if (category === 'idle') continue;
    busy += ms;
    categories.set(category, (categories.get(category) ?? 0) + ms);
    const name = `${frame.functionName || '(anonymous)'} ${category}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const percent = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)} %`;
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `busy ${(busy / 1000).toFixed(1)} s of CPU; self time by where the code lives:`,
    ...sorted(categories).map(([name, ms]) => `  ${percent(ms)}  ${name}`),
    'heaviest functions (self time):',
    ...sorted(functions).map(([name, ms]) => `  ${percent(ms)}  ${name}`),
  ];
}
