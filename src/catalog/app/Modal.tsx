// A modal <dialog>: the browser traps focus in it, makes the page behind it
// inert, closes it on Escape and gives focus back to what opened it. Its
// heading names it (aria-labelledby); `alert` makes it an alertdialog.

import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Modal(props: {
  title: string;
  alert?: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      role={props.alert ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-modal="true"
      className={props.wide ? 'modal wide' : 'modal'}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
