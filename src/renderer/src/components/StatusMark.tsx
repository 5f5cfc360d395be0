/** The shape of an outcome, so an error screen reads at a glance before its words do. */
export type MarkTone = 'error' | 'admin' | 'storage' | 'expired' | 'declined';

const paths: { readonly [Tone in MarkTone]: string } = {
  // An exclamation mark, a padlock (settings only an admin holds), a drive, a clock's hands, a cross.
  error: 'M12 7v6M12 16.5v.5',
  admin: 'M9.5 11V9.5a2.5 2.5 0 0 1 5 0V11M8.5 11h7v5.5h-7z',
  storage: 'M7 8h10v8H7zM7 12h10',
  expired: 'M12 7v5l3 2',
  declined: 'M8.5 8.5l7 7M15.5 8.5l-7 7',
};

/** A round mark with a symbol; decorative, since the heading beside it says the same in words. */
export function StatusMark({ tone }: { readonly tone: MarkTone }) {
  return (
    <svg className={`status-mark ${tone}`} data-tone={tone} viewBox="0 0 24 24" width="44" height="44" aria-hidden="true">
      <circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d={paths[tone]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
