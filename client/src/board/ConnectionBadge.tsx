import { useTranslation } from 'react-i18next';
import type { BoardConnection } from './useBoardConnection';

/** Connection state in words, announced to screen readers when it changes. */
export function ConnectionBadge({ connection }: { connection: BoardConnection }) {
  const { t } = useTranslation();
  return (
    <p className={`connection connection-${connection.state}`} role="status" data-state={connection.state}>
      <span className="dot" aria-hidden="true" />
      {t(`connection.${connection.state}`)}
      {connection.unsyncedChanges && connection.state !== 'connected' ? ` · ${t('connection.unsynced')}` : ''}
    </p>
  );
}
