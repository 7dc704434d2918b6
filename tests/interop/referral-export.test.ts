import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  createCryptoApi,
  encryptSegment,
  generateAgencyKey,
  readAgencyKey,
  SEGMENT_BYTES,
} from '../../backend/src/crypto';
import { writeExportPackage, type ExportManifest } from '../../frontend/src/console/referral/exportPackage';
import { draftFromReport } from '../../frontend/src/console/referral/prefill';
import { renderReferralPdf } from '../../frontend/src/console/referral/referral-pdf';
import type { FileSink } from '../../frontend/src/files/saveAttachment';
import { messages as kk } from '../../frontend/src/i18n/kk/shared';
import { createTranslator } from '../../frontend/src/i18n/translate';
import { toReport } from '../../frontend/src/report/form/draft';
import { gpgDestination } from '../support/destination';
import { pdfText } from '../support/pdf-text';
import { fullDraft } from '../support/report-draft';

/**
 * The export a receiving body gets, made by the console's own code (the
 * crypto API its worker serves, the package writer, the PDF builder) and
 * opened with standard tools only: `tar` unpacks it, gpg decrypts every
 * message with the destination's secret key, and the files it gives have the
 * sizes and SHA-256 the manifest states, which are the report's.
 */
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PASSPHRASE = 'export test agency passphrase';
const FONT = readFileSync(path.resolve(__dirname, '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));

let destination: ReturnType<typeof gpgDestination>;
let dir: string;
beforeAll(() => {
  destination = gpgDestination('Қаржылық мониторинг test <afm@example.kz>');
  dir = mkdtempSync(path.join(os.tmpdir(), 'w412-export-'));
});
afterAll(() => {
  destination.home.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** A file as the platform stores it: segments encrypted to the agency key. */
async function stored(plaintext: Buffer, armoredAgencyKey: string): Promise<Uint8Array<ArrayBuffer>[]> {
  const { key } = await readAgencyKey({ armoredKey: armoredAgencyKey });
  const segments: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0; offset < plaintext.length || offset === 0; offset += SEGMENT_BYTES) {
    const part = plaintext.subarray(offset, offset + SEGMENT_BYTES);
    segments.push((await encryptSegment({ plaintext: part, recipientKeys: [key] })) as Uint8Array<ArrayBuffer>);
    if (part.length < SEGMENT_BYTES) break;
  }
  return segments;
}

it('gpg decrypts an export with the destination key, and every hash in the manifest matches its file', async () => {
  const agency = await generateAgencyKey({ agencyName: 'Export test agency', passphrase: PASSPHRASE });
  const crypto = createCryptoApi();
  const { keyRef } = await crypto.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
  const recording = Buffer.concat([Buffer.from('EXPORTCANARY'), randomBytes(SEGMENT_BYTES + 12_345)]);
  const letter = Buffer.from('Хат: «қағазды әкел», — деді ол.\n');
  const files = [
    { id: 'stored-id-aaaa', name: 'жазба-ұялы.m4a', plaintext: recording },
    { id: 'stored-id-bbbb', name: 'хат.txt', plaintext: letter },
  ];
  const segments = new Map<string, Uint8Array<ArrayBuffer>[]>();
  for (const file of files) segments.set(file.id, await stored(file.plaintext, agency.armoredPublicKey));

  const report = toReport(
    fullDraft(),
    files.map((f) => ({
      id: f.id,
      name: f.name,
      type: 'application/octet-stream',
      size: f.plaintext.length,
      segments: segments.get(f.id)!.length,
      sha256: sha256(f.plaintext),
      metadata: 'original',
    })),
  );
  const referral = draftFromReport({
    report,
    receivedAt: '2026-11-20T14:00:00.000Z',
    lang: 'kk',
    t: createTranslator('kk', kk),
    today: '2026-11-26',
  });
  const { pdf } = await renderReferralPdf({ ...referral, addressee: 'Алматы қаласының прокуратурасы' }, FONT);

  const { destinationRef } = await crypto.prepareDestination({
    armoredDestinationKey: destination.armoredPublicKey,
    expectedFingerprint: destination.fingerprint,
  });
  const hashes = new Map<string, ReturnType<typeof createHash>>();
  const written: Buffer[] = [];
  const sink: FileSink = {
    write: async (bytes) => void written.push(Buffer.from(bytes)),
    close: async () => {},
    abort: async () => {},
  };
  const manifest = await writeExportPackage({
    pdf,
    pdfName: 'referral-412-17.pdf',
    files: report.attachments.map((a) => ({
      id: a.id,
      segments: a.segments,
      name: a.name,
      size: a.size,
      sha256: a.sha256,
    })),
    sink,
    signal: new AbortController().signal,
    deps: {
      getSegment: async (id, index) => segments.get(id)![index]!,
      decryptFileSegment: ({ encryptedSegment }) =>
        crypto.decryptFileSegment({ encryptedSegment, keyRef }) as Promise<{ plaintext: Uint8Array<ArrayBuffer> }>,
      encryptForDestination: ({ plaintext }) =>
        crypto.encryptForDestination({ destinationRef, plaintext }) as Promise<{
          encryptedMessage: Uint8Array<ArrayBuffer>;
        }>,
      startHash: async () => {
        const hashRef = `h${hashes.size}`;
        hashes.set(hashRef, createHash('sha256'));
        return { hashRef };
      },
      updateHash: async ({ hashRef, bytes }) => hashes.get(hashRef)!.update(bytes),
      finishHash: async ({ hashRef }) => ({ sha256: hashes.get(hashRef)!.digest('hex') }),
    },
  });

  // Standard tar unpacks it; its entry names say nothing of the case.
  const archive = Buffer.concat(written);
  const tarFile = path.join(dir, 'export.tar');
  writeFileSync(tarFile, archive);
  const listing = execFileSync('tar', ['-tf', tarFile]).toString('utf8').trim().split('\n');
  expect(listing).toEqual([
    'README.txt',
    'referral.pdf.gpg',
    'evidence-01/part-0001.gpg',
    'evidence-01/part-0002.gpg',
    'evidence-02/part-0001.gpg',
    'manifest.json.gpg',
  ]);
  execFileSync('tar', ['-xf', tarFile, '-C', dir]);
  for (const needle of ['EXPORTCANARY', 'жазба', 'stored-id', 'прокуратур']) {
    expect(archive.includes(Buffer.from(needle))).toBe(false);
  }

  const open = (entry: string) => {
    const result = destination.home.run([
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--decrypt',
      path.join(dir, entry),
    ]);
    expect(result.status).toBe(0);
    return result.stdout;
  };
  const opened = JSON.parse(open('manifest.json.gpg').toString('utf8')) as ExportManifest;
  expect(opened).toEqual(manifest);
  expect(opened.evidence.map((e) => e.name)).toEqual(['жазба-ұялы.m4a', 'хат.txt']);
  expect(JSON.stringify(opened)).not.toContain('stored-id');

  const document = open('referral.pdf.gpg');
  expect(sha256(document)).toBe(opened.referral.sha256);
  expect(pdfText(document).replace(/\s+/g, '')).toContain('Алматықаласыныңпрокуратурасы');

  for (const [i, evidence] of opened.evidence.entries()) {
    const joined = Buffer.concat(evidence.entries.map(open));
    expect(joined.length).toBe(evidence.size);
    expect(sha256(joined)).toBe(evidence.sha256);
    expect(sha256(joined)).toBe(sha256(files[i]!.plaintext));
  }
  expect(readdirSync(path.join(dir, 'evidence-01'))).toHaveLength(2);
});

it('a file whose decrypted hash differs from the report’s stops the export, and the sink is aborted', async () => {
  const agency = await generateAgencyKey({ agencyName: 'Export test agency', passphrase: PASSPHRASE });
  const crypto = createCryptoApi();
  const { keyRef } = await crypto.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
  const { destinationRef } = await crypto.prepareDestination({
    armoredDestinationKey: destination.armoredPublicKey,
    expectedFingerprint: destination.fingerprint,
  });
  const [segment] = await stored(Buffer.from('the real file'), agency.armoredPublicKey);
  let aborted = false;
  const hash = createHash('sha256');
  await expect(
    writeExportPackage({
      pdf: new Uint8Array([37, 80, 68, 70]),
      pdfName: 'r.pdf',
      files: [{ id: 'x', segments: 1, name: 'f.txt', size: 13, sha256: sha256(Buffer.from('another file!')) }],
      sink: { write: async () => {}, close: async () => {}, abort: async () => void (aborted = true) },
      signal: new AbortController().signal,
      deps: {
        getSegment: async () => segment!,
        decryptFileSegment: ({ encryptedSegment }) =>
          crypto.decryptFileSegment({ encryptedSegment, keyRef }) as Promise<{ plaintext: Uint8Array<ArrayBuffer> }>,
        encryptForDestination: ({ plaintext }) =>
          crypto.encryptForDestination({ destinationRef, plaintext }) as Promise<{
            encryptedMessage: Uint8Array<ArrayBuffer>;
          }>,
        startHash: async () => ({ hashRef: 'h' }),
        updateHash: async ({ bytes }) => hash.update(bytes),
        finishHash: async () => ({ sha256: createHash('sha256').update(Buffer.from('the real file')).digest('hex') }),
      },
    }),
  ).rejects.toMatchObject({ fileName: 'f.txt' });
  expect(aborted).toBe(true);
});
