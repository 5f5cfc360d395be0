import { useLingui } from '@lingui/react';
import { useEffect, useState } from 'react';
import type { ComputerReport, ReportCheck, ReportStatus } from '../../../shared/computer-report.ts';
import { useAnnounce } from '../announcer.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { leftToRight } from '../../../shared/i18n/translate.ts';
import { useTranslate } from '../i18n.ts';
import { checkWords, sourceWord } from '../report-sentences.ts';
import { loadReportWords } from '../report-words.ts';
import '../styles/report.css';

type Shown = { readonly report: ComputerReport } | { readonly failed: true };

/**
 * "Check this computer": main runs the checks (the same as `device-signin doctor`) and answers
 * with their facts; this words them, one line per check with a named status icon, says what to
 * do for each warning and problem, and offers "Copy report" (main copies its own text) and a way
 * back. Loaded only when asked for, with its words, so the window's first screen stays small.
 */
export function ReportView(props: {
  readonly onCheck: () => Promise<ComputerReport>;
  readonly onCopy: () => Promise<boolean>;
  readonly onBack: () => void;
}) {
  // The instance as first rendered: loading the words hands every view a new wrapper of the same one.
  const [i18n] = useState(useLingui().i18n);
  const t = useTranslate();
  const announce = useAnnounce();
  const [shown, setShown] = useState<Shown>();
  const { onCheck } = props;
  useEffect(() => {
    let current = true;
    // The words first, so the list appears whole; main runs one check at a time, however often it is asked.
    loadReportWords(i18n)
      .then(() => onCheck())
      .then(
        (report) => {
          if (current) setShown({ report });
        },
        () => {
          if (current) setShown({ failed: true });
        },
      );
    return () => {
      current = false;
    };
  }, [i18n, onCheck]);
  const summary = shown !== undefined && 'report' in shown ? t('report.summary', shown.report.summary) : undefined;
  useEffect(() => {
    if (summary !== undefined) announce(summary);
  }, [announce, summary]);
  if (shown === undefined) {
    return (
      <section className="view busy" aria-busy="true">
        <ViewHeading key="busy">{t('busy.checkingComputer')}</ViewHeading>
        <span className="spinner" aria-hidden="true" />
      </section>
    );
  }
  return (
    <section className="view report">
      <ViewHeading key="report">{t('report.title')}</ViewHeading>
      {'failed' in shown ? (
        <p>{t('report.failed')}</p>
      ) : (
        <>
          <p className="report-summary">{summary}</p>
          <ol className="report-checks">
            {shown.report.checks.map((check) => (
              <CheckLine key={check.name} check={check} />
            ))}
          </ol>
        </>
      )}
      <div className="actions">
        {'failed' in shown ? null : <CopyButton copies="report" className="primary" onCopy={props.onCopy} />}
        <button type="button" className="secondary" onClick={props.onBack}>
          {t('report.back')}
        </button>
      </div>
    </section>
  );
}

function CheckLine({ check }: { readonly check: ReportCheck }) {
  const t = useTranslate();
  const words = checkWords(t, check);
  const settings = check.name === 'policy' ? (check.facts.settings ?? []) : [];
  return (
    <li data-check={check.name} data-status={check.status}>
      <StatusIcon status={check.status} label={t(`report.status.${check.status}`)} />
      <div className="check-text">
        <p>
          <strong>{words.title}</strong> {words.found}
        </p>
        {settings.length === 0 ? null : (
          <ul className="check-settings">
            {settings.map(({ key, source, locked }) => (
              <li key={key}>
                {t(locked ? 'report.settingLocked' : 'report.setting', { key: leftToRight(key), source: sourceWord(t, source) })}
              </li>
            ))}
          </ul>
        )}
        {words.next === undefined ? null : <p className="check-next">{words.next}</p>}
      </div>
    </li>
  );
}

const iconPaths: { readonly [S in ReportStatus]: string } = {
  // A tick, an exclamation mark, a cross, a dash.
  ok: 'M7.5 12.5l3 3 6-7',
  warning: 'M12 7v6M12 16.5v.5',
  problem: 'M8.5 8.5l7 7M15.5 8.5l-7 7',
  skipped: 'M8 12h8',
};

/** The status as a shape and a colour, named for screen readers: the line's words come after it. */
function StatusIcon({ status, label }: { readonly status: ReportStatus; readonly label: string }) {
  return (
    <svg className="check-icon" data-status={status} role="img" aria-label={label} viewBox="0 0 24 24" width="22" height="22">
      <circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d={iconPaths[status]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
