import type { Draft, OfficerDraft, Section } from '../draft';

/** What every step gets: the draft, and ways to change one section of it. */
export interface StepProps {
  draft: Draft;
  update<S extends Section>(section: S, patch: Partial<Draft[S]>): void;
  updateOfficers(change: (officers: OfficerDraft[]) => OfficerDraft[]): void;
}
