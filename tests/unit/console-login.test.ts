import { solveProofOfWork } from '../../crypto/src/proof-of-work';
import { logIn, type LogInDeps, type LogInStage } from '../../frontend/src/console/logIn';
import { ApiError } from '../../frontend/src/shared/api-error';

const SESSION = {
  token: 't'.repeat(43),
  expiresAt: '2026-11-25T18:00:00.000Z',
  reviewer: { username: 'ana', roles: [] },
};
const CREDENTIALS = { username: 'ana', password: 'right password 123' };

/** The console's login loop against a scripted server: each post answers with the next scripted outcome. */
function scripted(outcomes: (ApiError | 'ok')[]) {
  const posts: { proofOfWork?: { challenge: string; nonce: string } }[] = [];
  const stages: LogInStage[] = [];
  const waits: number[] = [];
  let challenges = 0;
  const deps: LogInDeps<typeof SESSION> = {
    async postSession(body) {
      posts.push(body);
      const outcome = outcomes.shift();
      if (outcome === undefined) throw new Error('more posts than scripted');
      if (outcome === 'ok') return SESSION;
      throw outcome;
    },
    async getChallenge() {
      challenges += 1;
      return { required: true, challenge: `v1.login.test.${challenges}`, bits: 6 };
    },
    solve: ({ challenge, bits }) => solveProofOfWork({ challenge, bits }),
    wait: async (seconds) => void waits.push(seconds),
    onStage: (stage) => void stages.push(stage),
  };
  return { deps, posts, stages, waits, challenges: () => challenges };
}

const owed = () => new ApiError(429, 'proof_of_work_required', 'owed');

describe('logIn (the console)', () => {
  it('sends no proof while none is asked for', async () => {
    const run = scripted(['ok']);
    await expect(logIn(CREDENTIALS, run.deps)).resolves.toBe(SESSION);
    expect(run.posts).toEqual([CREDENTIALS]);
    expect(run.stages).toEqual(['sending']);
  });

  it('when a proof is owed, solves the username’s challenge and sends it with the same password', async () => {
    const run = scripted([owed(), 'ok']);
    await logIn(CREDENTIALS, run.deps);
    expect(run.posts).toHaveLength(2);
    expect(run.posts[1]).toMatchObject({ ...CREDENTIALS, proofOfWork: { challenge: 'v1.login.test.1' } });
    expect(run.stages).toEqual(['sending', 'proving', 'proving']);
  });

  it('solves afresh when the proof fell short or was spent, and keeps it when the server was only busy', async () => {
    const run = scripted([
      owed(),
      new ApiError(400, 'proof_of_work_invalid', 'too easy'),
      new ApiError(503, 'server_busy', 'busy', 3),
      'ok',
    ]);
    await logIn(CREDENTIALS, run.deps);
    expect(run.challenges()).toBe(2);
    expect(run.waits).toEqual([3]);
    expect(run.posts[2]!.proofOfWork).toEqual(run.posts[3]!.proofOfWork);
    expect(run.posts[2]!.proofOfWork!.challenge).toBe('v1.login.test.2');
  });

  it.each([
    ['a wrong password', new ApiError(401, 'invalid_credentials', 'wrong')],
    ['a wait (proof of work off)', new ApiError(429, 'too_many_attempts', 'wait', 438)],
    ['an invalid proof it did not send', new ApiError(400, 'proof_of_work_invalid', 'odd')],
  ])('stops at %s', async (_what, error) => {
    const run = scripted([error]);
    await expect(logIn(CREDENTIALS, run.deps)).rejects.toBe(error);
    expect(run.posts).toHaveLength(1);
  });

  it('gives up after eight rounds and says why', async () => {
    const run = scripted(Array.from({ length: 8 }, owed));
    await expect(logIn(CREDENTIALS, run.deps)).rejects.toMatchObject({ code: 'proof_of_work_required' });
    expect(run.posts).toHaveLength(8);
  });
});
