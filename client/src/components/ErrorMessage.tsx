import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Shows an API error in the user's language; unknown codes fall back to a general message. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'internal';
  const detail = error instanceof ApiError && error.code === 'invalid_request' ? error.message : undefined;
  return (
    <p className="error" role="alert">
      {t(`errors.${code}`, { defaultValue: t('errors.internal') })}
      {detail ? <span className="error-detail"> ({detail})</span> : null}
    </p>
  );
}
