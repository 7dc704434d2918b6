/*
 * Whistle412 console: streamed downloads of decrypted evidence files, for
 * browsers without file-system access. The console page registers this
 * worker (scope /console/download/), hands it a MessagePort per download and
 * then opens /console/download/<id>; the worker answers with a stream that
 * asks the page for each decrypted piece as the browser writes the file, so
 * neither the page nor this worker ever holds the whole file. It caches
 * nothing, fetches nothing and handles no other URL. Plain JavaScript: it is
 * copied as it is into the build.
 */
const downloads = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const { type, id, name, size } = event.data ?? {};
  const port = event.ports[0];
  if (type !== 'download' || !port || typeof id !== 'string') return;
  downloads.set(id, { name: String(name), size: Number(size), port });
  port.postMessage({ type: 'ready' });
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const id = url.pathname.split('/').pop();
  const download = url.pathname.startsWith('/console/download/') ? downloads.get(id) : undefined;
  if (!download) return;
  downloads.delete(id);
  const { port, name, size } = download;
  let pending = null;
  port.onmessage = ({ data }) => {
    const resolve = pending;
    pending = null;
    resolve?.(data);
  };
  const stream = new ReadableStream(
    {
      pull(controller) {
        return new Promise((resolve) => {
          pending = (data) => {
            if (data.type === 'chunk')
              controller.enqueue(new Uint8Array(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength));
            else if (data.type === 'end') controller.close();
            else controller.error(new Error('the console stopped the download'));
            resolve();
          };
          port.postMessage({ type: 'pull' });
        });
      },
      cancel() {
        port.postMessage({ type: 'cancel' });
      },
    },
    // One piece at a time: the page decrypts the next only when the browser has taken this one.
    { highWaterMark: 1 },
  );
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  event.respondWith(
    new Response(stream, {
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename*=UTF-8''${encoded}`,
        'Content-Length': String(size),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // The console embeds this response in a hidden frame; its COEP needs these.
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
      },
    }),
  );
});
