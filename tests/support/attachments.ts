import request from 'supertest';

import { createCryptoApi } from '../../backend/src/crypto';
import type { TestPlatform } from './platform';

/** A file's segments as the reporter's crypto worker makes them (the same code, in Node). */
export async function encryptFileForPlatform(
  platform: TestPlatform,
  content: Uint8Array,
  { removeMetadata = true }: { removeMetadata?: boolean } = {},
): Promise<{ segments: Buffer[]; size: number; metadata: string }> {
  const api = createCryptoApi();
  const { recipientsRef } = await api.prepareRecipients({
    armoredAgencyKey: platform.agency.armoredPublicKey,
    pinnedAgencyFingerprint: platform.agency.fingerprint,
  });
  const opened = await api.openFile({ file: new Blob([new Uint8Array(content)]), removeMetadata });
  const segments: Buffer[] = [];
  for (let index = 0; index < opened.segments; index++) {
    const { encryptedSegment } = await api.encryptFileSegment({ fileRef: opened.fileRef, recipientsRef, index });
    segments.push(Buffer.from(encryptedSegment));
  }
  return { segments, size: opened.size, metadata: opened.metadata };
}

export interface Upload {
  id: string;
  uploadToken: string;
}

export async function createUpload(platform: TestPlatform, segmentCount: number): Promise<Upload> {
  const response = await request(platform.app).post('/api/v1/attachments').send({ segmentCount }).expect(201);
  return response.body as Upload;
}

export const putSegment = (platform: TestPlatform, upload: Upload, index: number, bytes: Buffer) =>
  request(platform.app)
    .put(`/api/v1/attachments/${upload.id}/segments/${index}`)
    .set('Authorization', `Bearer ${upload.uploadToken}`)
    .set('Content-Type', 'application/octet-stream')
    .send(bytes);

/** Uploads every segment in order; returns the upload's id and token. */
export async function uploadFile(platform: TestPlatform, segments: Buffer[]): Promise<Upload> {
  const upload = await createUpload(platform, segments.length);
  for (const [index, bytes] of segments.entries()) await putSegment(platform, upload, index, bytes).expect(200);
  return upload;
}
