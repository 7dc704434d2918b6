/* Bench only (npm run bench -- files-buffers): uploads one moved buffer as a Blob, then answers. */
onmessage = async ({ data: buffer }) => {
  const response = await fetch('/put', {
    method: 'PUT',
    body: new Blob([buffer]),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  await response.json();
  buffer.transfer(0);
  postMessage(null);
};
