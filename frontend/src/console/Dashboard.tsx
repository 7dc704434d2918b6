import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'react';

import { useI18n, type MessageKey } from '../i18n';
import { Alert } from '../shared/Layout';
import { useFocusOnMount } from '../shared/useFocusOnMount';
import { getDashboard, getDashboardCsv, type DashboardFigures } from './consoleApi';

// Only what bar charts need: the rest of Chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** One bar chart on a canvas, redrawn when its figures change. */
function BarChart({ label, labels, values }: { label: string; labels: string[]; values: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: [{ label, data: values, backgroundColor: '#2f5d8a' }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [label, labels, values]);
  return (
    <figure className="chart">
      <figcaption>{label}</figcaption>
      <div className="chart__canvas">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      {/* The same figures as text, for screen readers and for checking the chart. */}
      <table className="visually-hidden">
        <tbody>
          {labels.map((name, i) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{values[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/**
 * The agency's figures, from the workflow fields only (the server cannot
 * count what is encrypted): by status, by age, overdue, received per week,
 * referred per month; with a CSV export of the same figures.
 */
export default function Dashboard({ token, onError }: { token: string; onError(error: unknown): string | null }) {
  const { t, formatDay } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [figures, setFigures] = useState<DashboardFigures | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getDashboard(token)
      .then((loaded) => live && setFigures(loaded))
      .catch((caught: unknown) => live && setError(onError(caught)));
    return () => {
      live = false;
    };
  }, [token, onError]);

  const exportCsv = async () => {
    try {
      const csv = await getDashboardCsv(token);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `whistle412-dashboard-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1_000);
    } catch (caught) {
      setError(onError(caught));
    }
  };

  return (
    <section aria-labelledby="dashboard-title" data-testid="dashboard">
      <div className="toolbar">
        <h1 id="dashboard-title" tabIndex={-1} ref={heading}>
          {t('console.dashboard.title')}
        </h1>
        <button type="button" className="button" onClick={() => void exportCsv()} disabled={!figures}>
          {t('console.dashboard.export')}
        </button>
      </div>
      <p className="muted">{t('console.dashboard.explain')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!figures && !error && <p>{t('common.loading')}</p>}
      {figures && (
        <>
          <dl className="facts">
            <dt>{t('console.dashboard.total')}</dt>
            <dd data-testid="dashboard-total">{figures.total}</dd>
            <dt>{t('console.overdue.acknowledge')}</dt>
            <dd>{figures.overdue.acknowledge}</dd>
            <dt>{t('console.overdue.feedback')}</dt>
            <dd>{figures.overdue.feedback}</dd>
          </dl>
          <div className="charts">
            <BarChart
              label={t('console.dashboard.byStatus')}
              labels={Object.keys(figures.byStatus).map((s) => t(`console.status.${s}` as MessageKey))}
              values={Object.values(figures.byStatus)}
            />
            <BarChart
              label={t('console.dashboard.byAge')}
              labels={Object.keys(figures.byAge)}
              values={Object.values(figures.byAge)}
            />
            <BarChart
              label={t('console.dashboard.perWeek')}
              labels={figures.receivedPerWeek.map((w) => formatDay(w.week))}
              values={figures.receivedPerWeek.map((w) => w.count)}
            />
            <BarChart
              label={t('console.dashboard.referredPerMonth')}
              labels={figures.referredPerMonth.map((m) => m.month)}
              values={figures.referredPerMonth.map((m) => m.count)}
            />
          </div>
        </>
      )}
    </section>
  );
}
