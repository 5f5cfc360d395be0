import { useEffect, useRef, type ReactNode } from 'react';
import { logoOf, useAppEnvironment } from '../environment-context.ts';

/**
 * Each screen's title, under the organization's logo when the admin set one. It takes focus when
 * the screen appears, so that keyboard and screen-reader users land on the new screen instead of
 * on a button that just disappeared.
 */
export function ViewHeading({ children, mark }: { readonly children: ReactNode; readonly mark?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const logo = logoOf(useAppEnvironment());
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <>
      {/* The heading names the organization: the logo beside it says nothing more to a screen reader. */}
      {logo === undefined ? null : <img className="brand-logo" src={logo} alt="" />}
      {mark}
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
    </>
  );
}
