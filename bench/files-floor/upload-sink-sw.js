/*
 * Bench only (npm run bench -- files): a service worker that answers the
 * reporter page's segment uploads inside the browser, so the page's own
 * pipeline (reading, both workers, the bounded queue, fetch) is timed apart
 * from the server, which shares this machine's two cores. The body is read
 * in full, as a server would, then freed.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
// `?ack=first` (the bench's --sink-acks-first): answer at once and read the body after, as a server that
// streams its acknowledgement would; the bytes still move, but the page's next upload does not wait for them.
const ACK_FIRST = new URL(self.location.href).searchParams.get('ack') === 'first';
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const match = /^\/api\/v1\/attachments\/[^/]+\/segments\/(\d+)$/.exec(url.pathname);
  if (event.request.method !== 'PUT' || !match) return;
  const answer = () =>
    new Response(JSON.stringify({ received: Number(match[1]) + 1 }), {
      headers: { 'Content-Type': 'application/json', 'Cross-Origin-Resource-Policy': 'same-origin' },
    });
  // Freed at once (ES2024 transfer), so the bench's stand-in server does not count in the page's memory.
  const read = event.request.arrayBuffer().then((body) => body.transfer(0));
  if (ACK_FIRST) {
    event.waitUntil(read);
    event.respondWith(answer());
  } else {
    event.respondWith(read.then(answer));
  }
});
