/**
 * A long step's spinner and words, announced politely; with `proof`, the
 * proof of work's bar (the one stage whose progress is known).
 */
export function StageProgress({ label, proof }: { label: string; proof?: { value: number; label: string } | null }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
      {proof && <progress className="progress__bar" max={1} value={proof.value} aria-label={proof.label} />}
    </div>
  );
}
