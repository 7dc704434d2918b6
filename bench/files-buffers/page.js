/*
 * Bench only (npm run bench -- files-buffers): runs one variant in a fresh
 * dedicated worker, as the product's crypto worker would, and answers its time.
 */
window.runVariant = (variant, segments) =>
  new Promise((resolve, reject) => {
    const worker = new Worker('/worker.js');
    const file = document.getElementById('file').files[0] ?? null;
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(String(event.message)));
    worker.postMessage({ variant, segments, file });
  });
