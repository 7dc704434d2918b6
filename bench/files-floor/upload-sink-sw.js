/*
 * Bench only (npm run bench -- files): a service worker that answers the
 * reporter page's segment uploads inside the browser, so the page's own
 * pipeline (reading, both workers, the bounded queue, fetch) is timed apart
 * from the server, which shares this machine's two cores. The body is read
 * in full, as a server would, then freed.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const match = /^\/api\/v1\/attachments\/[^/]+\/segments\/(\d+)$/.exec(url.pathname);
  if (event.request.method !== 'PUT' || !match) return;
  event.respondWith(
    event.request.arrayBuffer().then(
      // Freed at once (ES2024 transfer), so the bench's stand-in server does not count in the page's memory.
      (body) =>
        body.transfer(0) &&
        new Response(JSON.stringify({ received: Number(match[1]) + 1 }), {
          headers: { 'Content-Type': 'application/json', 'Cross-Origin-Resource-Policy': 'same-origin' },
        }),
    ),
  );
});
