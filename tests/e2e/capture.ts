import type { BrowserContext } from '@playwright/test';

export interface CapturedRequest {
  url: string;
  method: string;
  body: string;
}

/** Records every request the browser makes in this context, pages and workers alike, with its body. */
export function captureRequests(context: BrowserContext): CapturedRequest[] {
  const requests: CapturedRequest[] = [];
  context.on('request', (request) => {
    requests.push({ url: request.url(), method: request.method(), body: request.postData() ?? '' });
  });
  return requests;
}

export function foreignRequests(requests: CapturedRequest[], baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  return requests.map((r) => r.url).filter((url) => !url.startsWith('blob:') && new URL(url).origin !== origin);
}
