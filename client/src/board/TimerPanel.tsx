import {
  clockOffset,
  formatRemaining,
  pauseTimer,
  remainingMs,
  resetTimer,
  startTimer,
  TIMER_MAP,
  type ClockSample,
  type ServerTime,
  type TimerState,
} from '@qe/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { useAnnounceChange } from '../components/LiveAnnouncer';

/** Measures this browser's clock against the server's, so every participant sees the same time. */
function useServerOffset(): number {
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const samples: ClockSample[] = [];
      for (let i = 0; i < 3; i++) {
        const sentAt = Date.now();
        const response = await fetch('/api/time', { cache: 'no-store' });
        const { now } = (await response.json()) as ServerTime;
        samples.push({ sentAt, receivedAt: Date.now(), serverTime: now });
      }
      if (!cancelled) setOffset(clockOffset(samples));
    })().catch(() => {});
    return () => {
      cancelled = true;
    };
  }, []);
  return offset;
}

function useTimerState(doc: Y.Doc): TimerState | undefined {
  const map = doc.getMap<TimerState>(TIMER_MAP);
  const [state, setState] = useState(() => map.get('state'));
  useEffect(() => {
    const refresh = () => setState(map.get('state'));
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [map]);
  return state;
}

/** The workshop timer: visible to everyone, run by moderators, with a gentle end signal. */
export function TimerPanel({ doc, canRun }: { doc: Y.Doc; canRun: boolean }) {
  const { t } = useTranslation();
  const offset = useServerOffset();
  const state = useTimerState(doc);
  const [now, setNow] = useState(() => Date.now());
  const [minutes, setMinutes] = useState(10);
  const wasRunning = useRef(false);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  const serverNow = now + offset;
  const left = state ? remainingMs(state, serverNow) : undefined;
  const running = Boolean(state && state.startedAt !== null && left! > 0);
  useEffect(() => {
    if (wasRunning.current && !running && left === 0) setEnded(true);
    if (running) setEnded(false);
    wasRunning.current = running;
  }, [running, left]);
  // the end is read out to everyone through the app's live region
  useAnnounceChange(ended ? t('timer.ended') : undefined);

  const write = (next: TimerState) => doc.getMap<TimerState>(TIMER_MAP).set('state', next);
  return (
    <div className={`timer${ended ? ' timer-ended' : ''}`} role="group" aria-label={t('timer.label')}>
      <span className="timer-display" data-remaining-ms={left ?? ''} aria-hidden={running ? 'true' : undefined}>
        {left === undefined ? '--:--' : formatRemaining(left)}
      </span>
      <span className="visually-hidden" role="status">
        {ended || running ? '' : left !== undefined ? t('timer.paused', { time: formatRemaining(left) }) : ''}
      </span>
      {canRun ? (
        <>
          {running ? (
            <button type="button" onClick={() => write(pauseTimer(state!, serverNow))}>
              {t('timer.pause')}
            </button>
          ) : (
            <button type="button" onClick={() => write(startTimer(state && left! > 0 ? state : resetTimer(minutes * 60_000), serverNow))}>
              {t('timer.start')}
            </button>
          )}
          <label>
            <span className="visually-hidden">{t('timer.minutes')}</span>
            <input
              type="number"
              min={1}
              max={480}
              value={minutes}
              onChange={(e) => setMinutes(Math.max(1, Number(e.target.value) || 1))}
              className="timer-minutes"
            />
          </label>
          <button type="button" onClick={() => write(resetTimer(minutes * 60_000))}>
            {t('timer.reset')}
          </button>
        </>
      ) : null}
    </div>
  );
}
