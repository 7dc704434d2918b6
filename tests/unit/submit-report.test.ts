import { createCryptoApi, generateAgencyKey, type SealedReport } from '../../crypto/src/index';
import { submitReport, type Challenge, type SubmitDeps } from '../../frontend/src/report/submitReport';
import { ApiError } from '../../frontend/src/shared/api-types';

/**
 * The reporter page's send, with the real crypto layer in-thread and a
 * scripted server: what it sends, in what order, and how it retries.
 */
let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Unit agency', passphrase: 'unit agency passphrase' });
});

function deps(answers: ((body: SealedReport & { proofOfWork?: unknown }) => unknown)[], challenge: Challenge) {
  const crypto = createCryptoApi();
  const posted: (SealedReport & { proofOfWork?: { challenge: string; nonce: string } })[] = [];
  const stages: string[] = [];
  let challenges = 0;
  const d: SubmitDeps = {
    getConfig: async () => ({ agencyFingerprint: agency.fingerprint, limits: { maxArmoredReportChars: 300_000 } }),
    getRecipientKeys: async () => ({
      agencyKey: { fingerprint: agency.fingerprint, armoredPublicKey: agency.armoredPublicKey },
      reviewerKeys: [],
    }),
    fingerprintOf: crypto.agencyKeyFingerprint,
    sealReport: crypto.sealReport,
    getChallenge: async () => {
      challenges += 1;
      return challenge.required ? { ...challenge, challenge: `${challenge.challenge}-${challenges}` } : challenge;
    },
    searchProofOfWork: crypto.searchProofOfWork,
    postReport: async (body) => {
      posted.push(body);
      const answer = answers[posted.length - 1];
      if (!answer) throw new Error('no more answers scripted');
      return answer(body);
    },
    onStage: (stage) => {
      if (stages.at(-1) !== stage) stages.push(stage);
    },
    sleep: async () => {},
  };
  return { d, posted, stages, challenges: () => challenges };
}

const content = { whatHappened: 'unit test', agency: 'police', date: null, region: null, attachments: [] } as never;
const ok = () => ({ received: true });
const fail = (status: number, code: string) => () => {
  throw new ApiError(status, code, code);
};

describe('submitReport', () => {
  it('solves the challenge and posts the proof with the sealed report', async () => {
    const { d, posted, stages } = deps([ok], { required: true, challenge: 'c', bits: 4 });
    const { receipt } = await submitReport(content, d);
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(stages).toEqual(['checkingKey', 'encrypting', 'provingWork', 'sending']);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.proofOfWork).toEqual({ challenge: 'c-1', nonce: expect.stringMatching(/^\d+$/) });
  });

  it('sends no proof when the server asks for none', async () => {
    const { d, posted, stages } = deps([ok], { required: false });
    await submitReport(content, d);
    expect(stages).toEqual(['checkingKey', 'encrypting', 'sending']);
    expect(posted[0]).not.toHaveProperty('proofOfWork');
  });

  it('after a lost answer or a 503, sends the very same sealed report again (the server stores it once)', async () => {
    const { d, posted } = deps([fail(0, 'network'), fail(503, 'database_unavailable'), ok], {
      required: true,
      challenge: 'c',
      bits: 4,
    });
    await submitReport(content, d);
    expect(posted).toHaveLength(3);
    expect(posted[1]).toEqual(posted[0]);
    expect(posted[2]).toEqual(posted[0]);
  });

  it('when its proof was spent by an attempt whose answer was lost, solves a new challenge and resends', async () => {
    const { d, posted, challenges } = deps([fail(409, 'proof_of_work_spent'), ok], {
      required: true,
      challenge: 'c',
      bits: 4,
    });
    await submitReport(content, d);
    expect(challenges()).toBe(2);
    expect(posted[1]!.armoredReport).toBe(posted[0]!.armoredReport);
    expect(posted[1]!.proofOfWork!.challenge).toBe('c-2');
  });

  it('binds the uploaded files by id and token, the same in every attempt, and none the report does not describe', async () => {
    const files = [
      { upload: { id: 'A'.repeat(22), uploadToken: 't'.repeat(43) }, sha256: 'a'.repeat(64) },
      { upload: { id: 'B'.repeat(22), uploadToken: 'u'.repeat(43) }, sha256: 'b'.repeat(64) },
    ];
    const described = { ...(content as object), attachments: files.map((f) => ({ id: f.upload.id })) } as never;
    const { d, posted } = deps([fail(503, 'database_unavailable'), fail(409, 'proof_of_work_spent'), ok], {
      required: true,
      challenge: 'c',
      bits: 4,
    });
    await submitReport(described, d, files);
    expect(posted).toHaveLength(3);
    for (const body of posted) {
      expect((body as { attachments?: unknown }).attachments).toEqual(files.map((f) => f.upload));
      expect(body.armoredReport).toBe(posted[0]!.armoredReport);
    }
    // A list that differs from what the report says inside its encryption is a bug: nothing is sent.
    const wrong = deps([ok], { required: false });
    await expect(submitReport(described, wrong.d, files.slice(0, 1))).rejects.toThrow('does not describe');
    expect(wrong.posted).toEqual([]);
  });

  it("waits for the files' SHA-256 still being computed, and seals the report with them in it", async () => {
    let finishHash: (sha256: string) => void = () => {};
    const pending = new Promise<string>((resolve) => (finishHash = resolve));
    const files = [
      { upload: { id: 'A'.repeat(22), uploadToken: 't'.repeat(43) }, sha256: 'a'.repeat(64) },
      { upload: { id: 'B'.repeat(22), uploadToken: 'u'.repeat(43) }, sha256: pending },
    ];
    const described = {
      ...(content as object),
      // As the review step had them: the second file's hash not known yet.
      attachments: [
        { id: files[0]!.upload.id, sha256: 'a'.repeat(64) },
        { id: files[1]!.upload.id, sha256: '' },
      ],
    } as never;
    const { d, posted, stages } = deps([ok], { required: false });
    const sealed: unknown[] = [];
    const checked: unknown[] = [];
    const seal = d.sealReport;
    d.sealReport = async (options) => {
      sealed.push(options.report);
      return seal(options);
    };
    d.checkReport = async (report) => {
      checked.push(report);
      return report;
    };
    const sending = submitReport(described, d, files);
    // Give every other step its chance to run: nothing is checked, sealed or sent while a hash is missing.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(stages).toEqual(['hashingFiles']);
    expect(sealed).toEqual([]);
    expect(checked).toEqual([]);
    expect(posted).toEqual([]);
    finishHash('c'.repeat(64));
    await sending;
    expect(stages).toEqual(['hashingFiles', 'checkingKey', 'encrypting', 'sending']);
    const attachments = [
      { id: 'A'.repeat(22), sha256: 'a'.repeat(64) },
      { id: 'B'.repeat(22), sha256: 'c'.repeat(64) },
    ];
    expect(checked).toEqual([expect.objectContaining({ attachments })]);
    expect(sealed).toEqual([expect.objectContaining({ attachments })]);
    expect(posted).toHaveLength(1);
  });

  it('a file whose SHA-256 failed stops the sending before anything leaves the browser', async () => {
    const files = [
      { upload: { id: 'A'.repeat(22), uploadToken: 't'.repeat(43) }, sha256: Promise.reject(new Error('unreadable')) },
    ];
    const described = { ...(content as object), attachments: [{ id: 'A'.repeat(22), sha256: '' }] } as never;
    const { d, posted } = deps([ok], { required: false });
    await expect(submitReport(described, d, files)).rejects.toThrow('unreadable');
    expect(posted).toEqual([]);
  });

  it('gives up after three attempts, and does not retry a refusal', async () => {
    const down = deps([fail(0, 'network'), fail(0, 'network'), fail(0, 'network'), ok], { required: false });
    await expect(submitReport(content, down.d)).rejects.toMatchObject({ code: 'network' });
    expect(down.posted).toHaveLength(3);
    const refused = deps([fail(422, 'not_addressed_to_agency'), ok], { required: false });
    await expect(submitReport(content, refused.d)).rejects.toMatchObject({ code: 'not_addressed_to_agency' });
    expect(refused.posted).toHaveLength(1);
  });
});
