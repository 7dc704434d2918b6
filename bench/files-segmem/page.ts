/** Bench only (npm run bench -- files-segmem): runs one variant in a fresh dedicated worker on the chosen file. */
interface ProbePage {
  runVariant(variant: string, segments: number): Promise<{ total: number; times: number[] }>;
  document: { getElementById(id: string): { textContent: string; files?: ArrayLike<Blob> } | null };
}
const page = globalThis as unknown as ProbePage;

page.runVariant = async (variant, segments) => {
  const armoredKey = await (await fetch('/key')).text();
  const armoredPrivateKey = await (await fetch('/private-key')).text();
  const file = page.document.getElementById('file')!.files![0]!;
  const worker = new Worker(new URL('./segmem-worker.ts', import.meta.url), { type: 'module', name: 'segmem' });
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<{ total: number; times: number[] } | { error: string }>) =>
        'error' in data ? reject(new Error(data.error)) : resolve(data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage({ variant, segments, file, armoredKey, armoredPrivateKey });
    });
  } finally {
    worker.terminate();
  }
};
page.document.getElementById('state')!.textContent = 'ready';
