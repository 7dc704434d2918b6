import { createContext, useContext, type ReactNode } from 'react';

import { useI18n, type MessageKey } from '../../i18n';
import { Choice, ChoiceGroup, Field } from '../../shared/Field';

/**
 * What the wizard gives every control of a step: the error shown beside it
 * (translated), and a way to say it was edited, which takes its error away.
 */
export interface FieldErrors {
  errorOf(id: string): string | undefined;
  edited(id: string): void;
}

export const FieldErrorsContext = createContext<FieldErrors>({ errorOf: () => undefined, edited: () => {} });

function useField(id: string) {
  const { errorOf, edited } = useContext(FieldErrorsContext);
  return { error: errorOf(id), edited: () => edited(id) };
}

interface Common {
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
}

function useTag(required: boolean | undefined) {
  const { t } = useI18n();
  return required ? t('common.required') : t('common.optional');
}

/**
 * Typed answers never reach the browser's own form memory either
 * (autocomplete off), nor its spelling service (spellcheck off).
 */
const PRIVATE = { autoComplete: 'off', spellCheck: false } as const;

export function TextInput({
  id,
  label,
  hint,
  required,
  value,
  onChange,
  inputMode,
}: Common & { value: string; onChange(value: string): void; inputMode?: 'text' | 'numeric' }) {
  const { error, edited } = useField(id);
  return (
    <Field id={id} label={label} tag={useTag(required)} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          {...PRIVATE}
          type="text"
          inputMode={inputMode}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            edited();
          }}
        />
      )}
    </Field>
  );
}

export function TextArea({
  id,
  label,
  hint,
  required,
  value,
  onChange,
  max,
  rows = 4,
}: Common & { value: string; onChange(value: string): void; max: number; rows?: number }) {
  const { t } = useI18n();
  const { error, edited } = useField(id);
  const length = value.trim().length;
  // The count appears once writing has started, or when the text is near its limit.
  const footer = length > 0 && (
    <span className={length > max ? 'over-limit' : undefined}>
      {t('report.form.characters', { count: length, max })}
    </span>
  );
  return (
    <Field id={id} label={label} tag={useTag(required)} hint={hint} error={error} footer={footer || undefined}>
      {(control) => (
        <textarea
          {...control}
          {...PRIVATE}
          rows={rows}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            edited();
          }}
        />
      )}
    </Field>
  );
}

export function Select<T extends string>({
  id,
  label,
  hint,
  required,
  value,
  onChange,
  options,
  labelOf,
  placeholder,
}: Common & {
  value: T | '';
  onChange(value: T | ''): void;
  options: readonly T[];
  labelOf(option: NoInfer<T>): string;
  placeholder: string;
}) {
  const { error, edited } = useField(id);
  return (
    <Field id={id} label={label} tag={useTag(required)} hint={hint} error={error}>
      {(control) => (
        <select
          {...control}
          value={value}
          onChange={(e) => {
            onChange(e.target.value as T | '');
            edited();
          }}
        >
          <option value="">{placeholder}</option>
          {options.map((option) => (
            <option key={option} value={option}>
              {labelOf(option)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Labels for the answers of a closed question: `role.operative` and the like, in the shared catalogs. */
export const optionLabel =
  (t: (key: MessageKey) => string, prefix: string) =>
  (option: string): string =>
    t(`${prefix}.${option}` as MessageKey);

export function Radios<T extends string>({
  id,
  label,
  hint,
  required,
  value,
  onChange,
  options,
  labelOf,
  children,
}: Common & {
  value: T | '';
  onChange(value: T): void;
  options: readonly T[];
  labelOf(option: NoInfer<T>): string;
  /** Follow-up questions, shown under the choices. */
  children?: ReactNode;
}) {
  const { error, edited } = useField(id);
  return (
    <ChoiceGroup id={id} legend={label} tag={useTag(required)} hint={hint} error={error}>
      {options.map((option) => (
        <Choice
          key={option}
          id={`${id}-${option}`}
          type="radio"
          name={id}
          label={labelOf(option)}
          checked={value === option}
          onChange={() => {
            onChange(option);
            edited();
          }}
        />
      ))}
      {children}
    </ChoiceGroup>
  );
}

export function Checkboxes<T extends string>({
  id,
  label,
  hint,
  required,
  value,
  onChange,
  options,
  labelOf,
}: Common & {
  value: readonly T[];
  onChange(value: T[]): void;
  options: readonly T[];
  labelOf(option: NoInfer<T>): string;
}) {
  const { error, edited } = useField(id);
  return (
    <ChoiceGroup id={id} legend={label} tag={useTag(required)} hint={hint} error={error}>
      {options.map((option) => (
        <Choice
          key={option}
          id={`${id}-${option}`}
          type="checkbox"
          name={id}
          label={labelOf(option)}
          checked={value.includes(option)}
          onChange={(checked) => {
            // Kept in the list's own order, whatever order they were ticked in.
            onChange(options.filter((o) => (o === option ? checked : value.includes(o))));
            edited();
          }}
        />
      ))}
    </ChoiceGroup>
  );
}

/** A single check box that answers a question by itself ("the date is approximate"). */
export function Checkbox({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const { error, edited } = useField(id);
  return (
    <div className="field" id={`${id}-field`}>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className="choice">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            onChange(e.target.checked);
            edited();
          }}
        />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}
