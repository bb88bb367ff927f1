import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { MIN_PASSWORD_LENGTH } from '@qe/shared';
import { ApiError, setup } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useSubmit } from '../components/useSubmit';
import { useSession } from '../session';

/** First start: creates the first account, which becomes the admin. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { setSession } = useSession();
  const [, navigate] = useLocation();
  const { busy, error, handle } = useSubmit();
  const submit = handle(async (form) => {
    if (form.get('password') !== form.get('repeat')) throw new ApiError(400, 'password_mismatch', 'passwords differ');
    const session = await setup({ email: String(form.get('email') ?? ''), name: String(form.get('name') ?? ''), password: String(form.get('password') ?? '') });
    setSession(session);
    onDone();
    navigate('/');
  });

  return (
    <main className="narrow">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit}>
        <Field label={t('fields.name')} name="name" required autoComplete="name" />
        <Field label={t('fields.email')} name="email" type="email" required autoComplete="email" />
        <Field label={t('fields.password')} name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
        <Field label={t('fields.passwordRepeat')} name="repeat" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
        <p className="hint">{t('setup.passwordHint')}</p>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('common.working') : t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
