import { useI18n } from '../i18n';
import type { Representative } from './representative';

/**
 * Who filed the report for the reporter, as they wrote it: shown in the
 * form's review step and in the console's report view, with the heading and
 * explanation each page gives.
 */
export function RepresentativeFacts({
  representative,
  title,
  explain,
  level = 2,
}: {
  representative: Representative;
  title: string;
  explain?: string;
  /** The heading's level: a section of the console's report view (2), or of the form's review (3). */
  level?: 2 | 3;
}) {
  const { t } = useI18n();
  const Heading = level === 3 ? 'h3' : 'h2';
  const rows = [
    ['fact.representative.name', representative.name],
    ['fact.representative.licence', representative.licence ?? t('common.notGiven')],
    ['fact.representative.contact', representative.contact ?? t('common.notGiven')],
  ] as const;
  return (
    <section aria-labelledby="representative-title" data-testid="representative">
      <Heading id="representative-title">{title}</Heading>
      {explain && <p className="muted">{explain}</p>}
      <dl className="facts facts--rows">
        {rows.map(([label, value]) => (
          <div key={label} className="facts__row">
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
