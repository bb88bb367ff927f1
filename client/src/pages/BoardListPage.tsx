import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Board, Procedure } from '@qe/shared';
import {
  ApiError,
  createBoard,
  createExampleBoard,
  createProcedure,
  deleteBoard,
  getConfig,
  listBoards,
  listProcedures,
  renameBoard,
  setRetention,
} from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useSession } from '../session';

export function BoardListPage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const token = session?.token;
  const [boards, setBoards] = useState<Board[] | undefined>();
  const [procedures, setProcedures] = useState<Procedure[]>([]);
  const [error, setError] = useState<unknown>();
  const [renaming, setRenaming] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [, navigate] = useLocation();
  const [creatingExample, setCreatingExample] = useState(false);
  const [exampleError, setExampleError] = useState<unknown>();

  const reload = useCallback(async () => {
    try {
      const [boardList, procedureList] = await Promise.all([listBoards(token), listProcedures(token)]);
      setBoards(boardList.boards);
      setProcedures(procedureList.procedures);
    } catch (caught) {
      setError(caught);
    }
  }, [token]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const [retentionDays, setRetentionDays] = useState<number>();
  useEffect(() => {
    getConfig()
      .then((config) => setRetentionDays(config.retentionDays))
      .catch(() => setRetentionDays(undefined));
  }, []);

  async function run(action: () => Promise<unknown>, message: string) {
    setError(undefined);
    try {
      await action();
      setStatus(message);
      await reload();
    } catch (caught) {
      setError(caught);
    }
  }

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    void run(
      async () => {
        await createBoard(token, { name });
        form.reset();
      },
      t('boards.created', { name }),
    );
  }

  function createNewProcedure(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const title = String(data.get('title') ?? '');
    const office = String(data.get('office') ?? '');
    setError(undefined);
    createProcedure(token, { title, office }).then(
      (created) => navigate(`/procedures/${created.id}`),
      (caught: unknown) => setError(caught),
    );
  }

  /** Creates a board filled with the fictional example case on the server, then opens it. */
  async function createExample() {
    setCreatingExample(true);
    setExampleError(undefined);
    try {
      const board = await createExampleBoard(token);
      navigate(`/boards/${board.id}`);
    } catch (caught) {
      setExampleError(caught);
      setCreatingExample(false);
    }
  }

  function rename(board: Board, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    void run(
      async () => {
        await renameBoard(token, board.id, { name });
        setRenaming(undefined);
      },
      t('boards.renamed', { name }),
    );
  }

  function setFinished(board: Board, finished: boolean) {
    if (finished && !window.confirm(t('boards.confirmFinish', { name: board.name, days: retentionDays ?? '…' }))) return;
    void run(() => setRetention(token, board.id, { finished }), t(finished ? 'boards.finished' : 'boards.reopened', { name: board.name }));
  }

  function remove(board: Board) {
    if (!window.confirm(t('boards.confirmDelete', { name: board.name }))) return;
    void run(() => deleteBoard(token, board.id), t('boards.deleted', { name: board.name }));
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' });
  const isAdmin = session?.user.isAdmin ?? false;

  const placed = new Set(procedures.flatMap((procedure) => procedure.boards.map((board) => board.id)));
  const unplaced = (boards ?? []).filter((board) => !placed.has(board.id));
  const boardById = new Map((boards ?? []).map((board) => [board.id, board]));

  /** One board of the list, with its neutral label when it belongs to a procedure. */
  const boardItem = (board: Board, label?: string) => (
    <li key={board.id}>
      {label ? <span className="board-label">{label}</span> : null}
      {renaming === board.id ? (
        <form className="inline-form" onSubmit={(event) => rename(board, event)}>
          <Field label={t('boards.newName')} name="name" defaultValue={board.name} required autoFocus />
          <button type="submit">{t('common.save')}</button>
          <button type="button" onClick={() => setRenaming(undefined)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <>
          <Link href={`/boards/${board.id}`} className="board-link">
            {board.name}
          </Link>
          <span className="meta">{t('boards.updated', { date: dateFormat.format(new Date(board.updatedAt)) })}</span>
          {board.deleteAfter ? (
            <span className="meta retention">{t('boards.deletionDate', { date: dayFormat.format(new Date(board.deleteAfter)) })}</span>
          ) : null}
          <button type="button" onClick={() => setRenaming(board.id)} aria-label={t('boards.renameLabel', { name: board.name })}>
            {t('boards.rename')}
          </button>
          {board.finishedAt ? (
            <button type="button" onClick={() => setFinished(board, false)} aria-label={t('boards.reopenLabel', { name: board.name })}>
              {t('boards.reopen')}
            </button>
          ) : (
            <button type="button" onClick={() => setFinished(board, true)} aria-label={t('boards.finishLabel', { name: board.name })}>
              {t('boards.finish')}
            </button>
          )}
          {isAdmin ? (
            <button type="button" className="danger" onClick={() => remove(board)} aria-label={t('boards.deleteLabel', { name: board.name })}>
              {t('boards.delete')}
            </button>
          ) : null}
        </>
      )}
    </li>
  );

  return (
    <main className="page">
      <h1>{t('boards.title')}</h1>
      <section aria-labelledby="procedures-heading" className="procedure-groups">
        <h2 id="procedures-heading">{t('procedures.title')}</h2>
        <form className="inline-form" onSubmit={createNewProcedure} aria-label={t('procedures.createLabel')}>
          <Field label={t('procedures.newTitle')} name="title" required maxLength={200} />
          <Field label={t('procedures.office')} name="office" required maxLength={200} />
          <button type="submit">{t('procedures.create')}</button>
        </form>
        {procedures.map((procedure) => (
          <section key={procedure.id} aria-labelledby={`procedure-${procedure.id}`} className="procedure-group">
            <h3 id={`procedure-${procedure.id}`}>
              <Link href={`/procedures/${procedure.id}`}>{procedure.title}</Link>{' '}
              <span className="meta">
                {procedure.office} · {procedure.phase}
              </span>
            </h3>
            {procedure.boards.length === 0 ? (
              <p className="empty">{t('procedures.noBoards')}</p>
            ) : (
              <ul className="board-list">
                {procedure.boards.map((placedBoard) => {
                  const board = boardById.get(placedBoard.id);
                  return board ? boardItem(board, placedBoard.label) : null;
                })}
              </ul>
            )}
          </section>
        ))}
      </section>
      <h2>{t('procedures.otherBoards')}</h2>
      <form className="inline-form" onSubmit={create} aria-label={t('boards.createLabel')}>
        <Field label={t('boards.newName')} name="name" required maxLength={200} />
        <button type="submit">{t('boards.create')}</button>
      </form>
      <div className="example-board">
        <button type="button" onClick={() => void createExample()} disabled={creatingExample} aria-busy={creatingExample} aria-describedby="example-board-hint">
          {creatingExample ? t('boards.example.creating') : t('boards.example.create')}
        </button>
        <p id="example-board-hint" className="hint">
          {t('boards.example.hint')}
        </p>
        {exampleError ? (
          <p className="error" role="alert">
            {t('boards.example.failed')}{' '}
            {t(`errors.${exampleError instanceof ApiError ? exampleError.code : 'internal'}`, { defaultValue: t('errors.internal') })}
          </p>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {boards === undefined && !error ? <p aria-busy="true">{t('common.loading')}</p> : null}
      {boards?.length === 0 ? <p className="empty">{t('boards.empty')}</p> : null}
      {unplaced.length > 0 ? <ul className="board-list">{unplaced.map((board) => boardItem(board))}</ul> : null}
    </main>
  );
}
