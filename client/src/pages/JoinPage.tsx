import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import type { InviteInfo } from '@qe/shared';
import { getInviteInfo, joinInvite } from '../api';
import { keepBoardToken } from '../board/boardAccess';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useSubmit } from '../components/useSubmit';

/** Joining from an invite link: only a display name, no account. */
export function JoinPage({ linkId }: { linkId: string }) {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const [info, setInfo] = useState<InviteInfo>();
  const { busy, error, setError, handle } = useSubmit();

  useEffect(() => {
    getInviteInfo(linkId).then(setInfo, setError);
  }, [linkId, setError]);

  const join = handle(async (form) => {
    const name = String(form.get('name') ?? '');
    const { token, boardId } = await joinInvite(linkId, { name });
    keepBoardToken(boardId, token);
    navigate(`/boards/${boardId}`);
  });

  return (
    <main className="narrow">
      <h1>{t('join.title')}</h1>
      {!info && !error ? <p aria-busy="true">{t('common.loading')}</p> : null}
      {info ? (
        <>
          <p>{t('join.intro', { board: info.boardName, role: t(`roles.${info.role}`) })}</p>
          <p className="hint">
            {t('join.expires', { date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(info.expiresAt)) })}
          </p>
          <form onSubmit={join}>
            <Field label={t('join.name')} name="name" required maxLength={60} autoComplete="nickname" />
            <p className="hint">{t('join.nameHint')}</p>
            <button type="submit" disabled={busy}>
              {busy ? t('common.working') : t('join.submit')}
            </button>
          </form>
        </>
      ) : null}
      <ErrorMessage error={error} />
    </main>
  );
}
