import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';

import { useI18n, type MessageKey } from '../../i18n';
import { ReportFacts, type FactSection } from '../../shared/ReportFacts';
import type { AttachmentV2, ReportV2 } from '../../shared/report-v2';
import type { Representative } from '../../shared/representative';
import { Alert } from '../../shared/Layout';
import { RepresentativeFacts } from '../../shared/RepresentativeFacts';
import { useLeaveWarning } from '../../shared/useLeaveWarning';
import { preloadReportSchema } from '../checkReport';
import { FieldErrorsContext, type FieldErrors } from './controls';
import { emptyDraft, toReport, toRepresentative, type Draft, type OfficerDraft } from './draft';
import { ErrorSummary } from './ErrorSummary';
import { fieldId, firstStepWithProblems, localToday, problemsOf, STEPS, type Problem, type Step } from './rules';
import { EvidenceStep } from './steps/EvidenceStep';
import { InducementStep } from './steps/InducementStep';
import { OfficersStep } from './steps/OfficersStep';
import { OutcomeStep } from './steps/OutcomeStep';
import type { StepProps } from './steps/types';
import { WhenWhereStep } from './steps/WhenWhereStep';
import { YouStep } from './steps/YouStep';

/** The key of the step's number in this page's history entries. */
const HISTORY_STEP = 'whistle412Step';
const historyState = (): Record<string, unknown> => {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
};

const STEP_OF_SECTION: Record<FactSection, Step> = {
  officers: 'officers',
  inducement: 'inducement',
  outcome: 'outcome',
  whenWhere: 'whenWhere',
  evidence: 'evidence',
  reporter: 'you',
};

/**
 * The report, one step at a time, then a review of every answer before
 * anything is sent. "Continue" checks the step: what is missing or wrong is
 * listed at the top of the step (which takes the focus) and beside each
 * field. Moving between steps puts the focus on the new step's heading.
 */
export function ReportWizard({
  disabled,
  onSend,
  attachments,
  attachmentDescriptors = [],
  status,
  filesWaiting = 0,
}: {
  disabled: boolean;
  /** `representative`: present when a lawyer or other representative files for the reporter. */
  onSend(report: ReportV2, representative?: Representative): void;
  /** The evidence files' picker (branch `files`), shown on the evidence step. */
  attachments?: ReactNode;
  /** The uploaded files, as the report describes them. */
  attachmentDescriptors?: AttachmentV2[];
  /** How sending goes, or why it stopped: shown just above the buttons, where the person pressed "send". */
  status?: ReactNode;
  /** Evidence files still uploading: the review lists only those uploaded, so it says the others are coming. */
  filesWaiting?: number;
}) {
  const { t, formatDay } = useI18n();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [touched, setTouched] = useState(false);
  const [stepIndex, setStepIndex] = useState(0);
  const [problems, setProblems] = useState<Problem[]>([]);
  /** Came from the review's "Change": "Continue" goes straight back to the review. */
  const [changing, setChanging] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const focusAfterRender = useRef<'heading' | 'summary' | null>(null);
  const step = STEPS[stepIndex]!;
  // The reporter's own calendar, read at each render (a page left open past midnight moves with it).
  const today = localToday();

  useLeaveWarning(touched);
  // Each step has its own entry in the page's history, so the browser's Back (a phone's back button) goes to the
  // step seen before, as on any multi-page form, rather than leaving the page and its unsent answers. The entry
  // holds the step's number only, and the address stays as it is: nothing typed goes into the history.
  useEffect(() => {
    window.history.replaceState({ ...historyState(), [HISTORY_STEP]: 0 }, '');
    const onPop = () => {
      const saved = historyState()[HISTORY_STEP];
      const index = typeof saved === 'number' ? Math.min(Math.max(Math.trunc(saved), 0), STEPS.length - 1) : 0;
      setStepIndex(index);
      setProblems([]);
      setChanging(false);
      focusAfterRender.current = 'heading';
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    if (step === 'review') preloadReportSchema();
  }, [step]);

  useEffect(() => {
    if (focusAfterRender.current === 'heading') heading.current?.focus();
    if (focusAfterRender.current === 'summary') summary.current?.focus();
    focusAfterRender.current = null;
  });

  const update = useCallback<StepProps['update']>((section, patch) => {
    setTouched(true);
    setDraft((current) => ({ ...current, [section]: { ...current[section], ...patch } }));
  }, []);
  /** Officers change one event at a time, so the draft this render saw is the one to change. */
  const updateOfficers = (change: (officers: OfficerDraft[]) => OfficerDraft[]) => {
    setTouched(true);
    const officers = change(draft.officers);
    // A removed officer's complaints go with it (their links would lead nowhere).
    const gone = draft.officers.filter((o) => !officers.some((kept) => kept.uid === o.uid));
    if (gone.length > 0) {
      setProblems((found) => found.filter((p) => !gone.some((o) => p.id.startsWith(`r-officer-${o.uid}-`))));
    }
    setDraft((current) => ({ ...current, officers }));
  };

  const describe = useCallback(
    (problem: Problem) => {
      const values: Record<string, string | number> = { ...problem.values };
      for (const day of ['today', 'earliest'] as const) {
        if (typeof values[day] === 'string') values[day] = formatDay(values[day]);
      }
      if (problem.field) {
        const label = t(problem.field.label);
        values.field = problem.field.officer
          ? t('report.officers.fieldOf', { n: problem.field.officer, field: label })
          : label;
      }
      return t(problem.message, values);
    },
    [t, formatDay],
  );

  const errors = useMemo<FieldErrors>(
    () => ({
      errorOf: (id) => {
        const problem = problems.find((p) => p.id === id);
        return problem && describe(problem);
      },
      // A field's complaint goes as soon as it is changed; the others wait for the next "Continue".
      edited: (id) =>
        setProblems((current) => (current.some((p) => p.id === id) ? current.filter((p) => p.id !== id) : current)),
    }),
    [problems, describe],
  );

  const go = (index: number, found: Problem[] = []) => {
    if (index !== stepIndex) window.history.pushState({ ...historyState(), [HISTORY_STEP]: index }, '');
    if (STEPS[index] === 'review') setChanging(false);
    setStepIndex(index);
    setProblems(found);
    focusAfterRender.current = found.length > 0 ? 'summary' : 'heading';
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (step !== 'review') {
      const found = problemsOf(step, draft, today);
      const onward = changing ? STEPS.indexOf('review') : stepIndex + 1;
      go(found.length > 0 ? stepIndex : onward, found);
      return;
    }
    // Every step once more (a date can pass midnight), then the size of the whole.
    const first = firstStepWithProblems(draft, today);
    if (first) {
      go(STEPS.indexOf(first.step), first.problems);
      return;
    }
    onSend(toReport(draft, attachmentDescriptors), toRepresentative(draft));
  };

  const props: StepProps = { draft, update, updateOfficers };
  const representative = toRepresentative(draft);
  const content: Record<Step, ReactNode> = {
    officers: <OfficersStep {...props} />,
    inducement: <InducementStep {...props} />,
    outcome: <OutcomeStep {...props} />,
    whenWhere: <WhenWhereStep {...props} today={today} />,
    evidence: <EvidenceStep {...props} attachments={attachments} />,
    you: <YouStep {...props} />,
    review: (
      <>
        <p className="step__intro">{t('report.review.intro')}</p>
        {filesWaiting > 0 && (
          <Alert kind="info">
            {t('report.review.filesWaiting', { count: filesWaiting, step: STEPS.indexOf('evidence') + 1 })}
          </Alert>
        )}
        <ReportFacts
          report={toReport(draft, attachmentDescriptors)}
          action={(section) => (
            <button
              type="button"
              className="button button--small"
              aria-label={t('report.review.changeSection', { section: t(`report.step.${STEP_OF_SECTION[section]}`) })}
              onClick={() => {
                setChanging(true);
                go(STEPS.indexOf(STEP_OF_SECTION[section]));
              }}
            >
              {t('report.review.change')}
            </button>
          )}
        />
        {representative && (
          <RepresentativeFacts representative={representative} title={t('report.review.representative')} level={3} />
        )}
      </>
    ),
  };

  return (
    <form className="card form wizard" onSubmit={next} noValidate aria-labelledby="step-title">
      <p className="wizard__count">{t('report.step.count', { step: stepIndex + 1, total: STEPS.length })}</p>
      <h2 id="step-title" tabIndex={-1} ref={heading}>
        {t(`report.step.${step}` as MessageKey)}
      </h2>
      {problems.length > 0 && (
        <ErrorSummary ref={summary} problems={problems.map((p) => ({ id: p.id, text: describe(p) }))} />
      )}
      <fieldset disabled={disabled}>
        <FieldErrorsContext.Provider value={errors}>{content[step]}</FieldErrorsContext.Provider>
        {status}
        <div className="wizard__nav">
          {stepIndex > 0 && (
            <button type="button" className="button" onClick={() => go(stepIndex - 1)}>
              {t('common.back')}
            </button>
          )}
          <button type="submit" className="button button--primary" id={fieldId('review', 'send')}>
            {step === 'review' ? t('report.form.submit') : changing ? t('report.step.toReview') : t('report.step.next')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
