import type { Ref } from 'react';

import { useI18n } from '../../i18n';
import { focusField } from '../../shared/Field';

export interface ShownProblem {
  id: string;
  text: string;
}

/**
 * The list of what keeps a step from going on, at the top of the step: it
 * takes the focus (so a screen reader reads it and a phone scrolls to it),
 * and each line is a link that moves the focus to the field it is about.
 * The links keep the URL as it is: nothing about the report goes into it.
 */
export function ErrorSummary({ problems, ref }: { problems: ShownProblem[]; ref: Ref<HTMLDivElement> }) {
  const { t } = useI18n();
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h3 id="error-summary-title" className="error-summary__title">
        {t('report.errors.title', { count: problems.length })}
      </h3>
      <ul className="error-summary__list">
        {problems.map((problem) => (
          <li key={problem.id}>
            <a
              href={`#${problem.id}`}
              onClick={(event) => {
                event.preventDefault();
                focusField(problem.id);
              }}
            >
              {problem.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
