import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Each screen's title. It takes focus when the screen appears, so that keyboard and screen-reader
 * users land on the new screen instead of on a button that just disappeared.
 */
export function ViewHeading({ children }: { readonly children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
