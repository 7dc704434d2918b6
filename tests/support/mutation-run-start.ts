declare global {
  var __W412_MUTANT_FAILED__: boolean | undefined;
}

/** The global setup of a mutation run without the engine (crypto slices): a new mutant, no test has failed yet. */
export default function mutationRunStart() {
  globalThis.__W412_MUTANT_FAILED__ = false;
}
