import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LiveAnnouncer } from './components/LiveAnnouncer';
import './i18n';
import { SessionProvider } from './session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <LiveAnnouncer>
        <App />
      </LiveAnnouncer>
    </SessionProvider>
  </StrictMode>,
);
