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

/**
 * A labelled form control with its hint, footer and error, all tied to it for
 * screen readers. The error sits between the label and the control, where a
 * phone's screen still shows it while the keyboard covers the lower half.
 */
export function Field({ id, label, tag, hint, footer, error, children }: FieldProps) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`, footer && `${id}-footer`]
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
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children({ id, 'aria-describedby': describedBy || undefined, 'aria-invalid': error ? true : undefined })}
      {footer && (
        <p className="field__count" id={`${id}-footer`}>
          {footer}
        </p>
      )}
    </div>
  );
}

/**
 * A group of radio buttons or check boxes under one question: a fieldset
 * whose legend is the question, its hint and error announced with it. The
 * group's id is what error links point at; focusField() picks its first choice.
 */
export function ChoiceGroup({
  id,
  legend,
  tag,
  hint,
  error,
  children,
}: {
  id: string;
  legend: string;
  tag?: string;
  hint?: string;
  error?: string | null;
  children: ReactNode;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <fieldset
      className={error ? 'field choices choices--invalid' : 'field choices'}
      id={id}
      aria-describedby={describedBy || undefined}
    >
      <legend>
        {legend}
        {tag && <span className="field__tag"> ({tag})</span>}
      </legend>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}

/** One radio button or check box with its label, large enough to hit with a thumb. */
export function Choice({
  id,
  type,
  name,
  label,
  checked,
  onChange,
}: {
  id: string;
  type: 'radio' | 'checkbox';
  name: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <div className="choice">
      <input id={id} type={type} name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/**
 * Moves the focus to a field named by an error, and brings its label and
 * error into view: for a group, its checked choice or else its first.
 */
export function focusField(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  const target = element.matches('input, select, textarea, button, [tabindex]')
    ? element
    : element.querySelector<HTMLElement>('input:checked, input, select, textarea, button');
  target?.focus({ preventScroll: true });
  (element.closest('.field') ?? element).scrollIntoView({ block: 'start' });
}
