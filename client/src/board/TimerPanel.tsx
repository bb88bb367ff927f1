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
export function useServerOffset(): number {
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

/** The shared timer as this browser sees it, on the server's clock. */
function useTimer(doc: Y.Doc) {
  const offset = useServerOffset();
  const state = useTimerState(doc);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const serverNow = now + offset;
  const left = state ? remainingMs(state, serverNow) : undefined;
  const running = Boolean(state && state.startedAt !== null && left! > 0);
  return { state, left, running, serverNow };
}

/**
 * The timer in the top bar, large enough to read from the back of the room. When the time is up
 * it turns red and says so until the moderator starts or resets it; screen readers hear it once
 * through the app's live region.
 */
export function TimerDisplay({ doc }: { doc: Y.Doc }) {
  const { t } = useTranslation();
  const { left, running } = useTimer(doc);
  const wasRunning = useRef(false);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    if (wasRunning.current && !running && left === 0) setEnded(true);
    if (running || (left !== undefined && left > 0)) setEnded(false);
    wasRunning.current = running;
  }, [running, left]);
  useAnnounceChange(ended ? t('timer.ended') : undefined);

  // until a moderator sets a timer, there is nothing to read
  if (left === undefined) return null;
  return (
    <div className={`timer${ended ? ' timer-ended' : ''}${running ? ' timer-running' : ''}`} data-ended={ended ? 'true' : undefined}>
      <span className="visually-hidden">{t('timer.label')}:</span>
      <span className="timer-display" data-remaining-ms={left ?? ''} aria-hidden={running ? 'true' : undefined}>
        {formatRemaining(left)}
      </span>
      {ended ? (
        <strong className="timer-ended-label" aria-hidden="true">
          {t('timer.endedShort')}
        </strong>
      ) : null}
      <span className="visually-hidden" role="status">
        {ended || running ? '' : t('timer.paused', { time: formatRemaining(left) })}
      </span>
    </div>
  );
}

/** The moderator's controls of the timer, in the facilitator panel. */
export function TimerControls({ doc }: { doc: Y.Doc }) {
  const { t } = useTranslation();
  const { state, left, running, serverNow } = useTimer(doc);
  const [minutes, setMinutes] = useState(10);
  const write = (next: TimerState) => doc.getMap<TimerState>(TIMER_MAP).set('state', next);
  return (
    <div className="timer-controls" role="group" aria-label={t('timer.label')}>
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
        <span aria-hidden="true"> {t('timer.minutesShort')}</span>
      </label>
      {running ? (
        <button type="button" onClick={() => write(pauseTimer(state!, serverNow))}>
          {t('timer.pause')}
        </button>
      ) : (
        <button type="button" onClick={() => write(startTimer(state && left! > 0 ? state : resetTimer(minutes * 60_000), serverNow))}>
          {t('timer.start')}
        </button>
      )}
      <button type="button" onClick={() => write(resetTimer(minutes * 60_000))}>
        {t('timer.reset')}
      </button>
    </div>
  );
}
