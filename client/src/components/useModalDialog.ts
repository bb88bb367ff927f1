import { useEffect, useRef } from 'react';

/**
 * A `<dialog>` shown modally while the component is mounted (focus stays inside, Escape
 * cancels). When it goes, the focus returns to the control that opened it (WCAG 2.4.3), not to
 * the start of the page.
 */
export function useModalDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    element?.showModal();
    return () => {
      element?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return dialog;
}
