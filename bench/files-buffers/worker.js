/*
 * Bench only (npm run bench -- files-buffers): the ways a worker can hold
 * 4 MiB buffers and upload bodies, each freed (or not) without a garbage
 * collection. Variants:
 * - read-detach: read a File slice (Blob.arrayBuffer), then ArrayBuffer.transfer(0);
 * - read-channel: read a File slice, then move it into a message on a closed channel;
 * - put-blob / put-bytes: PUT each segment (made in JavaScript, then detached)
 *   as a Blob / a Uint8Array body from this worker;
 * - put-sender: PUT each as a Blob from a sender worker that is ended every four uploads.
 */
const SEGMENT = 4 * 1024 * 1024;

function made(index) {
  const bytes = new Uint8Array(SEGMENT);
  const words = new Uint32Array(bytes.buffer);
  for (let k = 0; k < words.length; k += 1024) words[k] = index * 7919 + k;
  return bytes;
}

async function put(body) {
  const response = await fetch('/put', {
    method: 'PUT',
    body,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  await response.json();
}

function dropThroughClosedChannel(buffer) {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, [buffer]);
  port1.close();
  port2.close();
}

let sender = null;
let sends = 0;
function sendFromSender(bytes) {
  sender ??= new Worker('/sender.js');
  const worker = sender;
  return new Promise((resolve) => {
    worker.onmessage = () => {
      if (++sends % 4 === 0) {
        worker.terminate();
        sender = null;
      }
      resolve();
    };
    worker.postMessage(bytes.buffer, [bytes.buffer]);
  });
}

onmessage = async ({ data: { variant, segments, file } }) => {
  const start = performance.now();
  for (let index = 0; index < segments; index++) {
    if (variant.startsWith('read')) {
      const buffer = await file.slice(index * SEGMENT, (index + 1) * SEGMENT).arrayBuffer();
      if (variant === 'read-detach') buffer.transfer(0);
      else dropThroughClosedChannel(buffer);
      continue;
    }
    const bytes = made(index);
    if (variant === 'put-sender') {
      await sendFromSender(bytes);
      continue;
    }
    await put(variant === 'put-blob' ? new Blob([bytes]) : bytes);
    bytes.buffer.transfer(0);
  }
  postMessage(performance.now() - start);
};
