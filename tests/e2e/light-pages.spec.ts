import { expect, test, type Page, type Request } from '@playwright/test';

import { platform } from './platform';

/** What each page's built files are called (frontend/vite.config.mts): the rest under /assets/ is the worker's. */
const PAGE_ASSET = /\/assets\/(?:report|console|shared|styles|messages-[a-z]{2}-\w+)-[\w-]+\.(?:js|css)$/;
const KB = 1024;

/** Every same-origin request the page makes from now on, pages and workers alike, in order. */
function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.context().on('request', (request) => {
    if (request.url().startsWith(platform().baseUrl)) seen.push(request);
  });
  return seen;
}

const paths = (requests: Request[]) => requests.map((r) => new URL(r.url()).pathname);

test.describe('with JavaScript off (Tor Browser "Safest")', () => {
  test.use({ javaScriptEnabled: false });

  for (const [url, lang, title] of [
    ['/?lang=kk', 'kk', 'Бұл бетке JavaScript қажет'],
    ['/?lang=ru', 'ru', 'Этой странице нужен JavaScript'],
    ['/?lang=en', 'en', 'This page needs JavaScript'],
    ['/console/?lang=ru', 'ru', 'Этой странице нужен JavaScript'],
    ['/return/?lang=kk', 'kk', 'Бұл бетке JavaScript қажет'],
    ['/lawyer/?lang=ru', 'ru', 'Этой странице нужен JavaScript'],
  ] as const) {
    test(`${url} says in its language why it needs JavaScript and how to allow it for this site only`, async ({
      page,
    }) => {
      await page.goto(`${platform().baseUrl}${url}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(page.getByText(/NoScript/)).toBeVisible();
      await expect(page.getByText(/\.onion/)).toBeVisible();
    });
  }

  test.describe('without ?lang=', () => {
    test.use({ locale: 'kk-KZ' });

    test('the page is in the browser’s language before any script could run', async ({ page }) => {
      await page.goto(`${platform().baseUrl}/`);
      await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Бұл бетке JavaScript қажет');
    });
  });
});

test('the notice stays hidden when JavaScript runs', async ({ page }) => {
  await page.goto(`${platform().baseUrl}/?lang=en`);
  await expect(page.getByTestId('fingerprint')).toBeVisible();
  await expect(page.getByText('This page needs JavaScript')).toHaveCount(0);
});

test('the reporter page loads its own language only, and none of the console’s code', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto(`${platform().baseUrl}/?lang=ru`);
  await expect(page.getByTestId('fingerprint')).toHaveText(platform().fingerprint);
  const loaded = paths(requests);
  expect(loaded.filter((p) => /messages-ru-(shared|report)-/.test(p))).toHaveLength(2);
  expect(loaded.filter((p) => /\/assets\/worker-/.test(p))).toHaveLength(1);
  expect(loaded.filter((p) => /console|messages-(kk|en)-|messages-\w+-console/.test(p))).toEqual([]);
  // Nor the console's PDF maker (pdf-lib) or its font.
  expect(loaded.filter((p) => /referral-pdf-|\.ttf$/.test(p))).toEqual([]);

  // Switching fetches the other language then, and still nothing of the console's.
  await page.getByRole('button', { name: 'Қазақша' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Арандату туралы хабарлау');
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  const after = paths(requests);
  expect(after.filter((p) => /messages-kk-(shared|report)-/.test(p))).toHaveLength(2);
  expect(after.filter((p) => /console|messages-en-|messages-\w+-console/.test(p))).toEqual([]);
});

test('the console is built apart: its page fetches its own code and strings', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto(`${platform().baseUrl}/console/?lang=en`);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  const loaded = paths(requests);
  expect(loaded.filter((p) => /\/assets\/console-/.test(p))).toHaveLength(1);
  expect(loaded.filter((p) => /messages-en-(shared|console)-/.test(p))).toHaveLength(2);
  expect(loaded.filter((p) => /messages-(kk|ru)-|messages-\w+-report/.test(p))).toEqual([]);
});

test('the reporter page arrives compressed and within its byte budget (150 KB before the worker, 130 KB the worker)', async ({
  page,
}) => {
  const requests = recordRequests(page);
  await page.goto(`${platform().baseUrl}/?lang=ru`);
  await expect(page.getByTestId('fingerprint')).toHaveText(platform().fingerprint);

  const files = await Promise.all(
    requests
      .filter((r) => !new URL(r.url()).pathname.startsWith('/api/'))
      .map(async (r) => {
        const headers = await (await r.response())!.allHeaders();
        // The server sends stored files with their exact length: the bytes that crossed the wire.
        return {
          path: new URL(r.url()).pathname,
          encoding: headers['content-encoding'],
          bytes: Number(headers['content-length']),
        };
      }),
  );
  const sum = (list: typeof files) => list.reduce((total, f) => total + f.bytes, 0);
  const pageFiles = files.filter((f) => f.path === '/' || f.path === '/favicon.svg' || PAGE_ASSET.test(f.path));
  const workerFiles = files.filter((f) => !pageFiles.includes(f));
  expect(files.filter((f) => /\.(?:js|css)$|\/$/.test(f.path) && f.encoding !== 'br')).toEqual([]);
  expect(workerFiles.map((f) => f.path).filter((p) => /\/assets\/worker-/.test(p))).toHaveLength(1);
  expect(sum(pageFiles)).toBeLessThanOrEqual(150 * KB);
  expect(sum(workerFiles)).toBeLessThanOrEqual(130 * KB);
});
