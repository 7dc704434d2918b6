import { useEffect, useRef, useState } from 'react';

import { useI18n } from '../i18n';
import { Alert } from '../shared/Layout';
import type { AttachmentV2 } from '../shared/report-v2';
import { formatBytes } from './formatBytes';
import { decryptWhole, isPdf, previewType, saveAttachment, type SaveDeps } from './saveAttachment';
import { hasSavePicker, pickFileSink, streamedDownloadSink } from './sinks';
import { CustodyView, type PlaintextCheck } from './CustodyView';
import { useCustody } from './useCustody';

/** What the console's file operations need: save (an export), preview (an opening), the key and the session. */
export interface FileActions {
  deps: SaveDeps;
  previewDeps: SaveDeps;
  keyRef: string;
  token: string;
}

/** The largest file shown in a preview: it is decrypted whole into memory, unlike a saved file. */
export const PREVIEW_MAX_BYTES = 32 * 1024 * 1024;

type FileState =
  | { kind: 'idle' }
  | { kind: 'saving'; done: number; total: number }
  | { kind: 'saved'; sha256: string; matches: boolean }
  | { kind: 'failed' }
  | { kind: 'cancelled' };

/** What the console says about a file's metadata (report-v2.ts, ATTACHMENT_METADATA). */
const CONSOLE_METADATA = {
  removed: 'console.files.metadata.removed',
  original: 'console.files.metadata.original',
  not_a_photo: 'console.files.metadata.notAPhoto',
  not_removed: 'console.files.metadata.kept',
} as const;

/**
 * The files of a report (or, later, of a message): what the report says of
 * each (name, type, size, SHA-256, metadata choice) beside what the server
 * holds, with saving (decrypted segment by segment) and a sandboxed preview.
 */
export function AttachmentList({
  attachments,
  stored,
  actions,
}: {
  attachments: AttachmentV2[];
  /** Ids the server holds for this report; null while loading. */
  stored: string[] | null;
  actions: FileActions;
}) {
  const { t } = useI18n();
  if (attachments.length === 0) return <p className="muted">{t('console.files.none')}</p>;
  return (
    <ul className="file-list" data-testid="attachments">
      {attachments.map((attachment) => (
        <AttachmentRow
          key={attachment.id}
          attachment={attachment}
          present={stored === null ? null : stored.includes(attachment.id)}
          actions={actions}
        />
      ))}
    </ul>
  );
}

function AttachmentRow({
  attachment,
  present,
  actions,
}: {
  attachment: AttachmentV2;
  present: boolean | null;
  actions: FileActions;
}) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<FileState>({ kind: 'idle' });
  const [preview, setPreview] = useState<{ url: string } | { problem: 'tooLarge' | 'pdf' | 'notPreviewable' } | null>(
    null,
  );
  const abort = useRef<AbortController | null>(null);
  // Bumped after each reading, so the custody list shows it.
  const [readings, setReadings] = useState(0);
  const custody = useCustody(actions.token, attachment.id, readings);
  const check: PlaintextCheck =
    state.kind === 'saved' ? { kind: 'checked', sha256: state.sha256, matches: state.matches } : { kind: 'unchecked' };

  useEffect(
    () => () => {
      abort.current?.abort();
      if (preview && 'url' in preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  const save = async () => {
    const controller = new AbortController();
    abort.current = controller;
    try {
      const sink = hasSavePicker()
        ? await pickFileSink(attachment.name || attachment.id)
        : await streamedDownloadSink(attachment.name || attachment.id, attachment.size);
      setState({ kind: 'saving', done: 0, total: attachment.segments });
      const result = await saveAttachment({
        id: attachment.id,
        segments: attachment.segments,
        expectedSha256: attachment.sha256,
        keyRef: actions.keyRef,
        sink,
        deps: actions.deps,
        onProgress: (done, total) => setState({ kind: 'saving', done, total }),
        signal: controller.signal,
      });
      setState({ kind: 'saved', sha256: result.sha256, matches: result.matches });
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      setState({ kind: cancelled ? 'cancelled' : 'failed' });
    } finally {
      setReadings((n) => n + 1);
    }
  };

  const showPreview = async () => {
    if (attachment.size > PREVIEW_MAX_BYTES) return setPreview({ problem: 'tooLarge' });
    const controller = new AbortController();
    abort.current = controller;
    try {
      const parts = await decryptWhole({
        ...attachment,
        keyRef: actions.keyRef,
        deps: actions.previewDeps,
        signal: controller.signal,
      });
      setReadings((n) => n + 1);
      const head = parts[0] ?? new Uint8Array(0);
      const type = previewType(head);
      if (!type) return setPreview({ problem: isPdf(head) ? 'pdf' : 'notPreviewable' });
      setPreview({ url: URL.createObjectURL(new Blob(parts, { type })) });
    } catch {
      setState({ kind: 'failed' });
    }
  };

  return (
    <li className="file" data-testid="attachment">
      <div className="file__head">
        <span className="file__name" data-testid="attachment-name">
          {attachment.name}
        </span>
        <span className="muted">{formatBytes(attachment.size, lang)}</span>
      </div>
      <dl className="facts">
        <dt>{t('console.files.type')}</dt>
        <dd>{attachment.type || t('console.files.unknownType')}</dd>
        <dt>{t('console.files.sha256')}</dt>
        <dd className="hash" data-testid="attachment-sha256">
          {attachment.sha256}
        </dd>
      </dl>
      <p className="file__warning" data-testid="attachment-metadata">
        {t(CONSOLE_METADATA[attachment.metadata])}
      </p>
      {present === false && <Alert kind="error">{t('console.files.missing')}</Alert>}
      {state.kind === 'saving' && (
        <p role="status">{t('console.files.saving', { done: state.done, total: state.total })}</p>
      )}
      {state.kind === 'saved' && state.matches && (
        <Alert kind="success">
          <span data-testid="attachment-saved">{t('console.files.saved')}</span>
        </Alert>
      )}
      {state.kind === 'saved' && !state.matches && (
        <Alert kind="error">
          <span data-testid="attachment-mismatch">{t('console.files.mismatch', { actual: state.sha256 })}</span>
        </Alert>
      )}
      {state.kind === 'failed' && <Alert kind="error">{t('console.files.failed')}</Alert>}
      {state.kind === 'cancelled' && <p className="muted">{t('console.files.cancelled')}</p>}
      <div className="button-row">
        <button
          type="button"
          className="button button--small"
          disabled={present !== true || state.kind === 'saving'}
          onClick={() => void save()}
        >
          {t('console.files.save')}
        </button>
        {preview ? (
          <button type="button" className="button button--small" onClick={() => setPreview(null)}>
            {t('console.files.closePreview')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            disabled={present !== true}
            onClick={() => void showPreview()}
          >
            {t('console.files.preview')}
          </button>
        )}
      </div>
      {present === true && <CustodyView state={custody} expectedSha256={attachment.sha256} check={check} />}
      {preview && 'problem' in preview && (
        <p className="muted">
          {t(
            `console.files.${preview.problem === 'pdf' ? 'previewPdf' : preview.problem === 'tooLarge' ? 'previewTooLarge' : 'notPreviewable'}`,
          )}
        </p>
      )}
      {preview && 'url' in preview && (
        <>
          <p className="muted">{t('console.files.previewNote')}</p>
          {/* An <img> runs no script, whatever the bytes (only JPEG, PNG, GIF and WebP get here, by their bytes), and
              is scaled to fit: an image in a sandboxed frame was shown at full size, one corner of a photo. The CSP
              allows blob: images on the console only. */}
          <img className="preview-image" src={preview.url} alt={attachment.name} data-testid="preview" />
        </>
      )}
    </li>
  );
}
