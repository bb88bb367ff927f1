import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { login } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useSubmit } from '../components/useSubmit';
import { useSession } from '../session';

export function LoginPage() {
  const { t } = useTranslation();
  const { setSession } = useSession();
  const [, navigate] = useLocation();
  const next = new URLSearchParams(useSearch()).get('next') ?? '/';
  const { busy, error, handle } = useSubmit();
  const submit = handle(async (form) => {
    setSession(await login({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }));
    navigate(next.startsWith('/') ? next : '/');
  });

  return (
    <main className="narrow">
      <h1>{t('login.title')}</h1>
      <form onSubmit={submit}>
        <Field label={t('fields.email')} name="email" type="email" required autoComplete="username" />
        <Field label={t('fields.password')} name="password" type="password" required autoComplete="current-password" />
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('common.working') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
