import type { ReactNode } from 'react';

import { useI18n } from '../i18n';
import type { AttachmentV2 } from './report-v2';
import type { MessageView } from './thread-message';

/**
 * A report's thread as either side reads it: who wrote each message (in the
 * reader's words: "you" or "the agency"), the hour it arrived, its text and
 * its files. A message that could not be read is shown as such.
 */
export function ThreadView({
  messages,
  authorLabel,
  renderFiles,
}: {
  messages: MessageView[];
  authorLabel(author: MessageView['author']): string;
  renderFiles(attachments: AttachmentV2[]): ReactNode;
}) {
  const { t, formatHour } = useI18n();
  if (messages.length === 0) return <p className="muted">{t('thread.empty')}</p>;
  return (
    <ol className="thread" data-testid="thread">
      {messages.map((message) => (
        <li key={message.id} className={`thread__message thread__message--${message.author}`}>
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
              {message.attachments.length > 0 && renderFiles(message.attachments)}
            </>
          ) : (
            <p className="field__error">{t(`thread.failed.${message.reason}`)}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
