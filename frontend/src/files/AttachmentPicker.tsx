import { useId, useRef, useState, type DragEvent } from 'react';

import { useI18n } from '../i18n';
import { describeApiError } from '../shared/errors';
import { isCryptoError } from '../shared/crypto';
import { formatBytes } from './formatBytes';
import type { AttachmentItem } from './useAttachments';
import { EvidenceReceiptView } from './EvidenceReceiptView';
import { useEvidenceReceipt } from './useEvidenceReceipt';

interface Props {
  items: AttachmentItem[];
  maxFileBytes: number;
  disabled: boolean;
  onAdd(files: File[]): void;
  onRemove(key: string): void;
  onRetry(key: string): void;
  onRemoveMetadata(key: string, remove: boolean): void;
}

/** Evidence files: picker and drop zone, each file with its progress, choices and errors. */
export function AttachmentPicker({ items, maxFileBytes, disabled, onAdd, onRemove, onRetry, onRemoveMetadata }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  /** Each file's Cancel/Remove button, which stays when its Retry button goes. */
  const removeButtons = useRef(new Map<string, HTMLButtonElement>());
  const size = (bytes: number) => formatBytes(bytes, lang);

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) onAdd([...event.dataTransfer.files]);
  };

  return (
    <fieldset className="files" disabled={disabled} aria-describedby={`${id}-hint`}>
      <legend>
        {t('files.title')} <span className="field__tag">({t('common.optional')})</span>
      </legend>
      <p className="field__hint" id={`${id}-hint`}>
        {t('files.hint', { max: size(maxFileBytes) })}
      </p>
      <div
        className={`dropzone${dragging ? ' dropzone--active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        data-testid="dropzone"
      >
        <label htmlFor={`${id}-input`} className="button">
          {t('files.choose')}
        </label>
        <input
          id={`${id}-input`}
          ref={input}
          className="visually-hidden"
          type="file"
          multiple
          onChange={(e) => {
            onAdd([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <span className="muted">{t('files.orDrop')}</span>
      </div>
      {items.length > 0 && (
        <ul className="file-list" data-testid="file-list">
          {items.map((item) => {
            const uploading = item.status === 'working' || item.status === 'queued';
            return (
              <li key={item.key} className="file" data-testid="file-item" data-status={item.status}>
                <div className="file__head">
                  <span className="file__name">{item.name}</span>
                  <span className="muted">{size(item.size)}</span>
                </div>
                {item.status === 'too_large' && (
                  <p className="field__error" role="alert">
                    {t('files.tooLarge', { max: size(maxFileBytes) })}
                  </p>
                )}
                {item.status !== 'too_large' && item.photo && (
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={item.removeMetadata}
                      onChange={(e) => onRemoveMetadata(item.key, e.target.checked)}
                    />
                    {t('files.removeMetadata')}
                  </label>
                )}
                {item.status !== 'too_large' && item.photo && !item.removeMetadata && (
                  <p className="file__warning">{t('files.keepOriginalWarning')}</p>
                )}
                {item.status !== 'too_large' && !item.photo && (
                  <p className="file__warning">{t('files.otherWarning')}</p>
                )}
                <Progress item={item} />
                {item.status === 'failed' && (
                  <p className="field__error" role="alert">
                    {isCryptoError(item.error) && item.error.code === 'unreadable_photo'
                      ? t('files.unreadablePhoto')
                      : describeApiError(item.error, t)}
                  </p>
                )}
                <div className="button-row">
                  {item.status === 'failed' && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        // The Retry button goes as the upload starts again: the focus moves to the file's Cancel.
                        removeButtons.current.get(item.key)?.focus();
                        onRetry(item.key);
                      }}
                    >
                      {t('files.retry')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--small"
                    ref={(button) => {
                      if (button) removeButtons.current.set(item.key, button);
                      else removeButtons.current.delete(item.key);
                    }}
                    onClick={() => {
                      onRemove(item.key);
                      // The button goes with its file: the focus goes back to the picker, not to the page's top.
                      input.current?.focus();
                    }}
                    // The name a voice-control user says is the word they see ("Cancel" or "Remove"), with the file's.
                    aria-label={t(uploading ? 'files.cancelNamed' : 'files.removeNamed', { name: item.name })}
                  >
                    {uploading ? t('files.cancel') : t('files.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

function Progress({ item }: { item: AttachmentItem }) {
  const { t } = useI18n();
  if (item.status === 'queued') return <p className="muted">{t('files.queued')}</p>;
  if (item.status === 'done') {
    return (
      <>
        <p className="file__done" data-testid="file-done" data-hashed={item.sha256 !== null}>
          {item.sha256 === null ? t('files.hashing') : t('files.done')}
          {item.result?.descriptor.metadata === 'removed' && ` ${t('files.cleaned')}`}
        </p>
        {item.sha256 === null && (
          <div className="file__progress">
            <HashProgress hashed={item.hashed} />
          </div>
        )}
        {item.result && <UploadReceipt id={item.result.upload.id} />}
      </>
    );
  }
  const p = item.progress;
  if (item.status !== 'working' || !p) return null;
  const total = Math.max(p.segments, 1);
  return (
    <div className="file__progress" role="status" aria-live="polite">
      <span>{t(`files.stage.${p.stage}`)}</span>
      <label>
        {t('files.encrypted')}
        <progress max={total} value={p.encrypted} />
      </label>
      <label>
        {t('files.uploaded')}
        <progress max={total} value={p.uploaded} data-testid="upload-progress" />
      </label>
      <HashProgress hashed={item.hashed} />
    </div>
  );
}

/** The whole file's SHA-256, which may go on after the upload (without a JIT it is the slowest part). */
function HashProgress({ hashed }: { hashed: number }) {
  const { t } = useI18n();
  return (
    <label>
      {t('files.fingerprinted')}
      <progress max={1} value={hashed} data-testid="hash-progress" />
    </label>
  );
}

/** The evidence receipt the server signed when this file's upload completed. */
function UploadReceipt({ id }: { id: string }) {
  return <EvidenceReceiptView state={useEvidenceReceipt(id)} />;
}
