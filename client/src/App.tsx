import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { getSetupStatus } from './api';
import { LANGUAGES, setLanguage } from './i18n';
import { AuditLogPage } from './pages/AuditLogPage';
import { BoardListPage } from './pages/BoardListPage';
import { JoinPage } from './pages/JoinPage';
import { LoginPage } from './pages/LoginPage';
import { SetupPage } from './pages/SetupPage';
import { useSession } from './session';
import { hasProcedureLink } from './pages/procedureAccess';

// the board page brings the canvas and the editors, most of the code: only boards load it
const BoardPage = lazy(() => import('./pages/BoardPage').then((module) => ({ default: module.BoardPage })));
const ProcedurePage = lazy(() => import('./pages/ProcedurePage').then((module) => ({ default: module.ProcedurePage })));

function Header() {
  const { t, i18n } = useTranslation();
  const { session, setSession } = useSession();
  const [, navigate] = useLocation();
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        QE-Werkstatt
      </Link>
      <nav aria-label={t('nav.label')}>
        <label>
          <span className="visually-hidden">{t('nav.language')}</span>
          <select value={i18n.language} onChange={(event) => void setLanguage(event.target.value)}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`languages.${language}`)}
              </option>
            ))}
          </select>
        </label>
        {session ? (
          <>
            {session.user.isAdmin ? <Link href="/audit">{t('nav.audit')}</Link> : null}
            <span className="user-name">{session.user.name}</span>
            <button
              type="button"
              onClick={() => {
                setSession(undefined);
                navigate('/login');
              }}
            >
              {t('nav.logout')}
            </button>
          </>
        ) : null}
      </nav>
    </header>
  );
}

export function App() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [setupNeeded, setSetupNeeded] = useState<boolean>();
  const [error, setError] = useState(false);

  useEffect(() => {
    getSetupStatus()
      .then((answer) => setSetupNeeded(answer.needed))
      .catch(() => setError(true));
  }, []);

  if (error)
    return (
      <p role="alert" className="page error">
        {t('errors.network')}
      </p>
    );
  if (setupNeeded === undefined)
    return (
      <p aria-busy="true" className="page">
        {t('common.loading')}
      </p>
    );

  return (
    <>
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <Header />
      <div id="main">
        <Switch>
          <Route path="/setup">{setupNeeded ? <SetupPage onDone={() => setSetupNeeded(false)} /> : <Redirect to="/" />}</Route>
          <Route path="/login">{setupNeeded ? <Redirect to="/setup" /> : <LoginPage />}</Route>
          <Route path="/boards/:id">
            {(params) => (
              <Suspense
                fallback={
                  <p aria-busy="true" className="page">
                    {t('common.loading')}
                  </p>
                }
              >
                <BoardPage id={params.id} />
              </Suspense>
            )}
          </Route>
          <Route path="/procedures/:id">
            {(params) =>
              session || hasProcedureLink(params.id) ? (
                <Suspense
                  fallback={
                    <p aria-busy="true" className="page">
                      {t('common.loading')}
                    </p>
                  }
                >
                  <ProcedurePage id={params.id} />
                </Suspense>
              ) : (
                <Redirect to="/login" />
              )
            }
          </Route>
          <Route path="/audit">{session?.user.isAdmin ? <AuditLogPage /> : <Redirect to="/" />}</Route>
          <Route path="/join/:linkId">{(params) => <JoinPage linkId={params.linkId} />}</Route>
          <Route path="/">{setupNeeded ? <Redirect to="/setup" /> : session ? <BoardListPage /> : <Redirect to="/login" />}</Route>
          <Route>
            <p className="page">{t('errors.pageNotFound')}</p>
          </Route>
        </Switch>
      </div>
    </>
  );
}
