import { createCryptoApi, generateAgencyKey } from '../../crypto/src/index';
import { decryptReport, sealEnvelope } from '../../crypto/src/report';
import { unlockPrivateKey } from '../../crypto/src/keys';
import { emptyDraft, toReport, toRepresentative } from '../../frontend/src/report/form/draft';
import { fieldId, problemsOf } from '../../frontend/src/report/form/rules';
import { representative as representativeSchema } from '../../frontend/src/shared/representative';
import { submitReport, type SubmitDeps } from '../../frontend/src/report/submitReport';
import type { SealedReport } from '../../crypto/src/api';
import { fullDraft } from '../support/report-draft';

/**
 * A lawyer files for a client: their details travel in the envelope's
 * optional `representative` field, beside the report, inside the encryption,
 * and the console reads them back. Real crypto layer throughout.
 */
const PASSPHRASE = 'unit agency passphrase';
const LAWYER = {
  name: 'Адвокат Ерлан Сәрсенбаев',
  licence: '№ 0042 Алматы қалалық адвокаттар алқасы',
  contact: '+7 701 000 00 00',
};
let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Unit agency', passphrase: PASSPHRASE });
});

const parse = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

describe('the envelope’s representative field', () => {
  it('is written after the report and before the padding; the existing fields keep their names and order', () => {
    const envelope = parse(sealEnvelope({ a: 1 }, { representative: LAWYER }));
    expect(Object.keys(envelope)).toEqual(['envelope', 'v', 'report', 'representative', 'pad']);
    expect(envelope.representative).toEqual(LAWYER);
  });

  it('is absent, not null, when the reporter files for themselves', () => {
    expect(Object.keys(parse(sealEnvelope({ a: 1 })))).toEqual(['envelope', 'v', 'report', 'pad']);
  });

  it('pads to the same bucket whether or not a representative is named (a short one)', () => {
    const short = { name: 'A' };
    expect(sealEnvelope({ a: 1 }, { representative: short }).length).toBe(sealEnvelope({ a: 1 }).length);
  });

  it('comes back from decryption beside the report, and only when it was written', async () => {
    const decryptionKey = await unlockPrivateKey({
      armoredPrivateKey: agency.armoredPrivateKey,
      passphrase: PASSPHRASE,
    });
    const recipients = { armoredAgencyKey: agency.armoredPublicKey, pinnedAgencyFingerprint: agency.fingerprint };
    const api = createCryptoApi();
    const withLawyer = await api.sealReport({ report: { a: 1 }, representative: LAWYER, ...recipients });
    expect(withLawyer.submission.armoredReport).not.toContain('Ерлан');
    await expect(decryptReport({ armoredReport: withLawyer.submission.armoredReport, decryptionKey })).resolves.toEqual(
      { status: 'ok', envelopeVersion: 2, report: { a: 1 }, representative: LAWYER },
    );
    const alone = await api.sealReport({ report: { a: 1 }, ...recipients });
    await expect(decryptReport({ armoredReport: alone.submission.armoredReport, decryptionKey })).resolves.toEqual({
      status: 'ok',
      envelopeVersion: 2,
      report: { a: 1 },
    });
  });
});

describe('the form', () => {
  it('asks a representative for their name, and sends nothing about them unless the box is ticked', () => {
    const draft = fullDraft();
    expect(toRepresentative(draft)).toBeUndefined();
    const filing = { ...draft, representative: { filing: true, name: ' ', licence: '', contact: '' } };
    expect(problemsOf('you', filing, '2026-01-01')).toContainEqual({
      id: fieldId('representative', 'name'),
      message: 'report.error.representativeName',
    });
    const named = { ...filing, representative: { ...filing.representative, name: ` ${LAWYER.name} `, contact: 'x' } };
    expect(problemsOf('you', named, '2026-01-01')).toEqual([]);
    expect(toRepresentative(named)).toEqual({ name: LAWYER.name, contact: 'x' });
    // Unticking drops what was typed, whatever is still in the boxes.
    expect(toRepresentative({ ...named, representative: { ...named.representative, filing: false } })).toBeUndefined();
  });

  it('refuses a representative’s detail longer than one line allows', () => {
    const long = {
      ...emptyDraft(),
      representative: { filing: true, name: 'A', licence: 'x'.repeat(301), contact: '' },
    };
    expect(problemsOf('you', long, '2026-01-01')).toContainEqual(
      expect.objectContaining({ id: fieldId('representative', 'licence'), message: 'report.error.tooLong' }),
    );
  });
});

describe('sending as a representative, then opening in the console', () => {
  it('seals the details with the report, and the console shows them as filed by a representative', async () => {
    const crypto = createCryptoApi();
    const posted: SealedReport[] = [];
    const deps: SubmitDeps = {
      getConfig: async () => ({ agencyFingerprint: agency.fingerprint, limits: { maxArmoredReportChars: 300_000 } }),
      getRecipientKeys: async () => ({
        agencyKey: { fingerprint: agency.fingerprint, armoredPublicKey: agency.armoredPublicKey },
        reviewerKeys: [],
      }),
      fingerprintOf: crypto.agencyKeyFingerprint,
      sealReport: crypto.sealReport,
      checkRepresentative: async (r) => representativeSchema.parse(r),
      getChallenge: async () => ({ required: false }),
      searchProofOfWork: crypto.searchProofOfWork,
      postReport: async (body) => posted.push(body),
      onStage: () => {},
    };
    const report = toReport(fullDraft());
    await submitReport(report, deps, [], LAWYER);
    expect(posted[0]!.armoredReport).not.toContain(LAWYER.name);

    // What the console's openReport reads (frontend/src/console/openReport.ts; shown in the e2e spine).
    const { keyRef } = await crypto.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
    const opened = await crypto.decryptReport({ armoredReport: posted[0]!.armoredReport, keyRef });
    expect(opened).toMatchObject({ status: 'ok', envelopeVersion: 2, report });
    expect(representativeSchema.parse((opened as { representative: unknown }).representative)).toEqual(LAWYER);
    expect(opened).not.toHaveProperty('signatures');
  });

  it('the console’s schema refuses a representative field that is not what the form writes', () => {
    expect(representativeSchema.safeParse({ ...LAWYER, extra: 1 }).success).toBe(false);
    expect(representativeSchema.safeParse({ licence: LAWYER.licence }).success).toBe(false);
    expect(representativeSchema.safeParse({ name: ' ' }).success).toBe(false);
    expect(representativeSchema.safeParse({ name: 'x'.repeat(301) }).success).toBe(false);
  });
});
