import type { ReactNode } from 'react';

import { useI18n } from '../i18n';
import type { AttachmentV2 } from './report-v2';
import type { MessageView, ThreadAuthor } from './thread-message';

/**
 * A report's thread as either side reads it: who wrote each message (in the
 * reader's words: "you" or "the agency"), the hour it arrived, its text and
 * its files. A message that could not be read is shown as such.
 */
export function ThreadView<M extends MessageView<ThreadAuthor>>({
  messages,
  authorLabel,
  renderFiles,
}: {
  messages: M[];
  authorLabel(author: M['author']): string;
  /** The files a message adds; `message` for what it says of them (a lawyer's titles and descriptions). */
  renderFiles(attachments: AttachmentV2[], message: M): ReactNode;
}) {
  const { t, formatHour } = useI18n();
  if (messages.length === 0) return <p className="muted">{t('thread.empty')}</p>;
  return (
    <ol className="thread" data-testid="thread">
      {messages.map((message) => (
        <li
          key={message.id}
          className={`thread__message thread__message--${message.author}`}
          data-testid="thread-message"
        >
          <p className="thread__meta">
            <strong>{authorLabel(message.author)}</strong> · <span>{formatHour(message.sentAt)}</span>
          </p>
          {message.readable ? (
            <>
              {message.text.trim() !== '' && (
                <p className="prose" data-testid="thread-text">
                  {message.text}
                </p>
              )}
              {message.attachments.length > 0 && renderFiles(message.attachments, message)}
            </>
          ) : (
            <p className="field__error">{t(`thread.failed.${message.reason}`)}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
