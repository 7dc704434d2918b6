import { expect, test } from '@playwright/test';

import { generateAgencyKey } from '../../crypto/src/keys';
import { captureRequests } from './capture';
import { openServerDatabase } from './database';
import { platform } from './platform';

/**
 * Someone with access to the database (an intruder, a restored old backup)
 * replaces the stored agency key; the server then serves it in good faith,
 * under the real key's fingerprint. The page computes the fingerprint from
 * the key it is given, compares it with the deployment's pin, refuses and
 * sends nothing. Unlike key-mismatch.spec.ts, nothing here touches HTTP.
 */
test('with the agency key replaced in the database, the reporter page refuses and sends nothing', async ({
  page,
  context,
}) => {
  const { baseUrl, fingerprint } = platform();
  const impostor = await generateAgencyKey({ agencyName: 'Impostor', passphrase: 'impostor passphrase' });
  const { db, close } = await openServerDatabase();
  const keys = db.collection<{ _id: string; armoredPublicKey: string; retiredAt: Date | null }>('agency_keys');
  const current = await keys.findOne({ retiredAt: null });
  expect(current?._id).toBe(fingerprint.replace(/ /g, '').toLowerCase());
  await keys.updateOne({ _id: current!._id }, { $set: { armoredPublicKey: impostor.armoredPublicKey } });
  try {
    const served = await (await page.request.get(`${baseUrl}/api/v1/recipient-keys`)).json();
    expect(served.agencyKey).toEqual({ fingerprint: current!._id, armoredPublicKey: impostor.armoredPublicKey });

    const requests = captureRequests(context);
    await page.goto(`${baseUrl}/?lang=en`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('is not the agency key this site is configured with');
    await expect(alert).toContainText(fingerprint);
    await expect(alert).toContainText(impostor.fingerprint.toUpperCase().slice(0, 4));
    // The form cannot go on to its later steps, let alone to sending.
    await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath('key-swapped-in-database.png'), fullPage: true });
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  } finally {
    await keys.updateOne({ _id: current!._id }, { $set: { armoredPublicKey: current!.armoredPublicKey } });
    await close();
  }
  const restored = await (await page.request.get(`${baseUrl}/api/v1/recipient-keys`)).json();
  expect(restored.agencyKey.armoredPublicKey).toBe(current!.armoredPublicKey);
});
