import { createCryptoApi, generateAgencyKey } from '../../crypto/src/index';
import { openReport } from '../../frontend/src/console/openReport';
import type { StoredReport } from '../../frontend/src/console/reportTypes';
import { encryptToKeys } from '../support/reports';

/**
 * The console's view of a stored report keeps the triage fields the server
 * sent beside why the report could not be read: a report under review "as
 * credible" that this key cannot open still shows that reason. Real crypto
 * worker API and keys throughout.
 */
const crypto = createCryptoApi();
const stored = (armoredReport: string): StoredReport => ({
  id: 'r'.repeat(22),
  receivedAt: '2026-11-26T10:00:00.000Z',
  status: 'in_review',
  reason: 'credible',
  duplicateOf: null,
  assignee: null,
  priority: 'normal',
  labels: [],
  version: 1,
  acknowledgedAt: null,
  feedbackAt: null,
  updatedAt: null,
  unreadReplies: false,
  dueAt: null,
  overdue: null,
  envelopeVersion: 2,
  armoredReport,
  hasReporterKey: false,
});

it('a report this key cannot read keeps its triage reason; why it cannot be read is a field of its own', async () => {
  const [agency, stranger] = await Promise.all([
    generateAgencyKey({ agencyName: 'Unit agency', passphrase: 'unit agency passphrase' }),
    generateAgencyKey({ agencyName: 'Stranger', passphrase: 'stranger passphrase' }),
  ]);
  const { keyRef } = await crypto.unlockKey({
    armoredPrivateKey: agency.armoredPrivateKey,
    passphrase: 'unit agency passphrase',
  });
  const forSomeoneElse = await encryptToKeys('not for this agency', [stranger.armoredPublicKey]);
  const view = await openReport('r'.repeat(22), keyRef, {
    getReport: async () => stored(forSomeoneElse),
    decryptReport: crypto.decryptReport,
  });
  expect(view).toMatchObject({ readable: false, failure: 'not_for_this_key', status: 'in_review', reason: 'credible' });

  const plain = await encryptToKeys('a gpg user’s words', [agency.armoredPublicKey]);
  const readable = await openReport('r'.repeat(22), keyRef, {
    getReport: async () => stored(plain),
    decryptReport: crypto.decryptReport,
  });
  expect(readable).toMatchObject({ readable: 'text', text: 'a gpg user’s words', reason: 'credible' });
});
