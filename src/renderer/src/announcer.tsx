import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';

/**
 * The window's one polite live region. Every announcement goes through it (a state change, a
 * copy, the countdown's few moments), so a screen reader hears one voice, never two regions
 * talking over each other, and the page never speaks every second.
 */
type Announce = (text: string) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

export function Announcer({ children }: { readonly children: ReactNode }) {
  const [said, setSaid] = useState({ text: '', serial: 0 });
  const announce = useCallback((text: string) => {
    setSaid((previous) => ({ text, serial: previous.serial + 1 }));
  }, []);
  return (
    <AnnounceContext value={announce}>
      {children}
      <p className="sr-only" role="status" aria-live="polite" data-testid="live-region">
        {/* A new element for each announcement: the same words said twice ("Copied") are heard twice. */}
        <span key={said.serial}>{said.text}</span>
      </p>
    </AnnounceContext>
  );
}
