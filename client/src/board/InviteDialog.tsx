import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invite, InviteRole } from '@qe/shared';
import { createInvite, listInvites, revokeInvite } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useModalDialog } from '../components/useModalDialog';

const EXPIRY_HOURS = [2, 8, 24, 72, 168] as const;

function stateOf(invite: Invite): 'revoked' | 'expired' | 'usedUp' | 'active' {
  if (invite.revokedAt) return 'revoked';
  if (Date.parse(invite.expiresAt) <= Date.now()) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'usedUp';
  return 'active';
}

/** Moderators create, copy and revoke invite links for remote participants. */
export function InviteDialog({ boardId, token, onClose }: { boardId: string; token: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const dialog = useModalDialog();
  const [invites, setInvites] = useState<Invite[]>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');

  const reload = useCallback(() => listInvites(token, boardId).then((answer) => setInvites(answer.invites), setError), [boardId, token]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const maxUses = String(form.get('maxUses') ?? '').trim();
    try {
      await createInvite(token, boardId, {
        role: String(form.get('role')) as InviteRole,
        label: String(form.get('label') ?? ''),
        expiresInHours: Number(form.get('expires')),
        maxUses: maxUses ? Number(maxUses) : null,
      });
      setStatus(t('invites.created'));
      await reload();
    } catch (caught) {
      setError(caught);
    }
  }
  async function revoke(invite: Invite) {
    if (!window.confirm(t('invites.confirmRevoke'))) return;
    try {
      const answer = await revokeInvite(token, boardId, invite.id);
      setStatus(t('invites.revoked', { count: answer.disconnected }));
      await reload();
    } catch (caught) {
      setError(caught);
    }
  }
  const url = (invite: Invite) => `${window.location.origin}${invite.path}`;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <dialog ref={dialog} className="import-dialog" aria-labelledby="invite-title" onCancel={onClose}>
      <h2 id="invite-title">{t('invites.title')}</h2>
      <form className="inline-form" onSubmit={create}>
        <label className="card-field">
          <span>{t('invites.role')}</span>
          <select name="role" defaultValue="editor">
            {(['editor', 'observer', 'analyst'] as const).map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="card-field">
          <span>{t('invites.label')}</span>
          <input name="label" maxLength={100} />
        </label>
        <label className="card-field">
          <span>{t('invites.expires')}</span>
          <select name="expires" defaultValue="24">
            {EXPIRY_HOURS.map((hours) => (
              <option key={hours} value={hours}>
                {t('invites.hours', { count: hours })}
              </option>
            ))}
          </select>
        </label>
        <label className="card-field">
          <span>{t('invites.maxUses')}</span>
          <input name="maxUses" type="number" min={1} max={1000} />
        </label>
        <button type="submit">{t('invites.create')}</button>
      </form>
      <p role="status">{status}</p>
      <ErrorMessage error={error} />
      {invites?.length === 0 ? <p className="empty">{t('invites.empty')}</p> : null}
      {invites && invites.length > 0 ? (
        <table className="chronology-table">
          <thead>
            <tr>
              <th scope="col">{t('invites.label')}</th>
              <th scope="col">{t('invites.role')}</th>
              <th scope="col">{t('invites.state')}</th>
              <th scope="col">{t('invites.link')}</th>
              <th scope="col">{t('invites.publicId')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('chronology.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invites.map((invite) => {
              const state = stateOf(invite);
              return (
                <tr key={invite.id} data-invite-state={state}>
                  <td>{invite.label || '–'}</td>
                  <td>{t(`roles.${invite.role}`)}</td>
                  <td>
                    {t(`invites.states.${state}`)} · {t('invites.uses', { uses: invite.uses, max: invite.maxUses ?? '∞' })} ·{' '}
                    {t('invites.until', { date: date.format(new Date(invite.expiresAt)) })}
                  </td>
                  <td>
                    <input
                      readOnly
                      value={url(invite)}
                      aria-label={t('invites.linkFor', { label: invite.label || t(`roles.${invite.role}`) })}
                      onFocus={(e) => e.target.select()}
                    />
                    <button type="button" onClick={() => void navigator.clipboard?.writeText(url(invite)).then(() => setStatus(t('invites.copied')))}>
                      {t('invites.copy')}
                    </button>
                  </td>
                  <td>
                    <code>{invite.publicId}</code>
                  </td>
                  <td>
                    {state === 'active' ? (
                      <button type="button" className="danger" onClick={() => void revoke(invite)}>
                        {t('invites.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
      </div>
    </dialog>
  );
}
