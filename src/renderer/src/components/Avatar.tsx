import { initialsOf } from '../format.ts';

/** Initials in a circle. The profile picture is not loaded: the page talks to no other site. */
export function Avatar({ name, fallback }: { readonly name: string | undefined; readonly fallback: string }) {
  return (
    <span className="avatar" aria-hidden="true">
      {initialsOf(name, fallback)}
    </span>
  );
}
