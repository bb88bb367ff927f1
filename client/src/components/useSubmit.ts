import { useState, type FormEvent } from 'react';

/**
 * A form's submit with a busy state and the error to show: `handle(work)` returns the onSubmit
 * handler; `work` gets the form data and may throw (an API error is shown in the form).
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const handle = (work: (data: FormData) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await work(data);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, handle };
}
