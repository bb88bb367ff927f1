import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

/** how many recent messages stay in the region (older ones have been read out already) */
const KEEP = 3;

/**
 * The app's one polite live region: screen readers read out what is added to it without moving
 * focus (WCAG 4.1.3). Each message is its own element, so two messages in quick succession are
 * both read and the same text twice is read twice.
 */
export function LiveAnnouncer({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<{ key: number; text: string }[]>([]);
  const next = useRef(0);
  const announce = useCallback<Announce>((text) => {
    if (!text) return;
    const key = next.current++;
    setMessages((current) => [...current.slice(1 - KEEP), { key, text }]);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-relevant="additions text" data-live-announcer="">
        {messages.map((message) => (
          <p key={message.key}>{message.text}</p>
        ))}
      </div>
    </AnnounceContext.Provider>
  );
}

/** Reads a message out to screen-reader users, politely (after what they hear now). */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

/** Announces `message` whenever it changes to a new non-empty text. */
export function useAnnounceChange(message: string | undefined): void {
  const announce = useAnnounce();
  useEffect(() => {
    if (message) announce(message);
  }, [message, announce]);
}
