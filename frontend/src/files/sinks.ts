import type { FileSink } from './saveAttachment';

interface WritableLike {
  write(data: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
type SavePicker = (options: { suggestedName: string }) => Promise<{ createWritable(): Promise<WritableLike> }>;

/** The browser's file-system access (Chromium): the reviewer picks where the file goes, and it is written piece by piece. */
export function hasSavePicker(): boolean {
  return typeof (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker === 'function';
}

export async function pickFileSink(suggestedName: string): Promise<FileSink> {
  const picker = (window as unknown as { showSaveFilePicker: SavePicker }).showSaveFilePicker;
  const handle = await picker({ suggestedName });
  const writable = await handle.createWritable();
  return {
    write: (bytes) => writable.write(bytes),
    close: () => writable.close(),
    abort: () => writable.abort(),
  };
}

const SCOPE = '/console/download/';
const SCRIPT = '/console/download-sw.js';

/**
 * A streamed download where file-system access is missing: a service worker
 * (frontend/public/console/download-sw.js) answers one download URL with a
 * stream that pulls each decrypted piece from this page as the browser
 * writes the file, so the page never holds the whole file. The worker is
 * unregistered when the download ends.
 */
export async function streamedDownloadSink(name: string, size: number): Promise<FileSink> {
  const registration = await navigator.serviceWorker.register(SCRIPT, { scope: SCOPE });
  const worker = registration.active ?? (await activated(registration));
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  let pulls = 0;
  let failed: Error | null = null;
  let ready: () => void = () => {};
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  channel.port1.onmessage = ({ data }: MessageEvent<{ type: 'ready' | 'pull' | 'cancel' }>) => {
    if (data.type === 'ready') ready();
    else if (data.type === 'pull') pulls += 1;
    else failed = new Error('download cancelled');
    waiting.splice(0).forEach((wake) => wake());
  };
  const nextPull = async () => {
    while (pulls === 0 && !failed) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failed) throw failed;
    pulls -= 1;
  };
  const id = crypto.randomUUID();
  worker.postMessage({ type: 'download', id, name, size }, [channel.port2]);
  await isReady;
  // A hidden frame opens the URL: the service worker answers it (a link with `download` would bypass the
  // worker), and the console page itself does not navigate (which would ask "leave this page?").
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = `${SCOPE}${id}`;
  document.body.append(frame);
  const finish = () => {
    channel.port1.close();
    // Long enough for the browser to finish writing what it received.
    setTimeout(() => frame.remove(), 60_000);
    void registration.unregister();
  };
  return {
    async write(bytes) {
      await nextPull();
      channel.port1.postMessage({ type: 'chunk', bytes }, [bytes.buffer]);
    },
    async close() {
      await nextPull();
      channel.port1.postMessage({ type: 'end' });
      finish();
    },
    async abort() {
      channel.port1.postMessage({ type: 'error' });
      finish();
    },
  };
}

function activated(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  return new Promise((resolve) => {
    const worker = registration.installing ?? registration.waiting!;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve(worker);
    });
  });
}
