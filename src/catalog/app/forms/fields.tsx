// Labelled form controls with their error beside them: the label is the
// control's accessible name, the error its description (and aria-invalid).

import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
}

/** The ids a control points at: its hint and its error, when there are. */
function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Notes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    required?: boolean;
    type?: 'text' | 'password' | 'number';
    multiline?: boolean;
    autoComplete?: string;
  },
) {
  const id = useId();
  const common = {
    id,
    name: props.label,
    value: props.value,
    required: props.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy(id, props.hint, props.error),
    autoComplete: props.autoComplete ?? 'off',
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type={props.type ?? 'text'} onChange={(e) => props.onChange(e.target.value)} />
      )}
      <Notes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export function SelectField<const T extends string>(
  props: FieldProps & {
    value: T | '';
    options: ReadonlyArray<{ value: T; label: string }>;
    onChange: (value: T | '') => void;
    /** The empty choice's text; absent: a value is required. */
    emptyLabel?: string;
  },
) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value as T | '')}
      >
        {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Notes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export function CheckboxGroup<const T extends string>(
  props: FieldProps & {
    values: readonly T[];
    options: ReadonlyArray<{ value: T; label: string }>;
    onChange: (values: T[]) => void;
  },
) {
  const id = useId();
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy(id, props.hint, props.error)}>
      <legend>{props.label}</legend>
      {props.options.map((option) => (
        <label key={option.value} className="checkbox">
          <input
            type="checkbox"
            checked={props.values.includes(option.value)}
            onChange={(e) =>
              props.onChange(
                e.target.checked ? [...props.values, option.value] : props.values.filter((v) => v !== option.value),
              )
            }
          />
          {option.label}
        </label>
      ))}
      <Notes id={id} hint={props.hint} error={props.error} />
    </fieldset>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}

/** A form's errors that concern no one field (or a field it does not show), at its top. */
export function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

export function FormButtons({ submit, busy, onCancel }: { submit: string; busy: boolean; onCancel: () => void }) {
  return (
    <div className="form-buttons">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy} aria-disabled={busy}>
        {submit}
      </button>
    </div>
  );
}

export function FormShell(props: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
}
