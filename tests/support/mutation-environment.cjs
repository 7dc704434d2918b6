// The test environment of mutation runs only (stryker.config.mjs): jest's node environment, which skips every
// test after the first one that fails in a run. One failing test is all Stryker needs to count a mutant as killed,
// and jest cannot bail when run the way Stryker runs it, so without this each killed mutant still paid for every
// database-backed test that reaches it. The flag lives in the runner process (environments load outside the test
// sandbox) and is cleared at the start of each run by tests/support/mutation-global-setup.ts.
/* global require, module */
// CommonJS, since Stryker loads the environment it wraps with a plain require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TestEnvironment } = require('jest-environment-node');

class MutationEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name === 'test_done' && event.test.errors.length > 0) globalThis.__W412_MUTANT_FAILED__ = true;
    // jest-circus decides whether to skip a test after telling the environment it starts.
    if (event.name === 'test_start' && globalThis.__W412_MUTANT_FAILED__) event.test.mode = 'skip';
  }
}

module.exports = MutationEnvironment;
