import { useState, type FormEvent } from 'react';

/**
 * A form's submit (or a button's action) with a busy state and the error to show: `handle(work)`
 * returns the onSubmit handler, `work` gets the form data; `run(work)` does the same for an action
 * without a form. `work` may throw (an API error is shown where the caller puts `error`).
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const handle = (work: (data: FormData) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    await run(() => work(data));
  };
  return { busy, error, setError, handle, run };
}
