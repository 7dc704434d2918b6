import type { ReactElement, ReactNode } from 'react';

/** What a field gives its control so that the label, hint and error are announced with it. */
export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

interface FieldProps {
  id: string;
  label: string;
  /** Shown after the label in brackets, e.g. "required". */
  tag?: string;
  hint?: string;
  /** Below the control, e.g. a character count. */
  footer?: ReactNode;
  error?: string | null;
  children(control: ControlProps): ReactElement;
}

/** A labelled form control with its hint, footer and error, all tied to it for screen readers. */
export function Field({ id, label, tag, hint, footer, error, children }: FieldProps) {
  const describedBy = [hint && `${id}-hint`, footer && `${id}-footer`, error && `${id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {tag && <span className="field__tag"> ({tag})</span>}
      </label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({ id, 'aria-describedby': describedBy || undefined, 'aria-invalid': error ? true : undefined })}
      {footer && (
        <p className="field__count" id={`${id}-footer`}>
          {footer}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
