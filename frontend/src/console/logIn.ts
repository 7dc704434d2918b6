// The error class alone, so this loop stays free of fetch and can be tested in Node.
import { ApiError } from '../shared/api-error';

export type LogInStage = 'sending' | 'proving';

export interface SolvedChallenge {
  challenge: string;
  nonce: string;
}

export type LoginChallenge = { required: false } | { required: true; challenge: string; bits: number };

/** How a login step gets and solves proofs of work; the same for the password and the code. */
export interface ProofDeps {
  getChallenge(username: string): Promise<LoginChallenge>;
  /** Solves in the crypto worker, so the page stays responsive. */
  solve(challenge: { challenge: string; bits: number }): Promise<SolvedChallenge>;
  wait(seconds: number): Promise<void>;
  onStage(stage: LogInStage): void;
}

/** `S` is what the server answers the password with (consoleApi.ts); this loop does not look inside it. */
export interface LogInDeps<S> extends ProofDeps {
  postSession(body: { username: string; password: string; proofOfWork?: SolvedChallenge }): Promise<S>;
}

/**
 * A proof falls short only when more failed attempts arrived while it was
 * solved; each round asks more, up to the server's cap, so a handful of
 * rounds always reaches it (docs/api.md, "Logging in").
 */
const MAX_ROUNDS = 8;
const PROOF_REFUSED = new Set(['proof_of_work_invalid', 'proof_of_work_spent']);

/**
 * Logs in as the server's login guard expects: first without a proof; when
 * the username's free attempts are used up the server asks for one, and the
 * browser solves a challenge at the username's difficulty and sends it with
 * the same password. A busy server is asked again after the time it names,
 * with the same proof (a refusal for busyness does not spend it).
 */
export function logIn<S>({ username, password }: { username: string; password: string }, deps: LogInDeps<S>) {
  return sendWithProof(username, (proof) => deps.postSession({ username, password, ...proof }), deps);
}

/**
 * Sends one login step (the password, or the second factor's code, which
 * the server counts against the same username) and, when the server asks
 * for a proof of work, solves one and sends the step again with it.
 */
export async function sendWithProof<S>(
  username: string,
  send: (proof: { proofOfWork?: SolvedChallenge }) => Promise<S>,
  deps: ProofDeps,
): Promise<S> {
  let proofOfWork: SolvedChallenge | undefined;
  for (let round = 1; ; round++) {
    deps.onStage(proofOfWork ? 'proving' : 'sending');
    try {
      return await send(proofOfWork ? { proofOfWork } : {});
    } catch (error) {
      if (round >= MAX_ROUNDS || !(error instanceof ApiError)) throw error;
      if (error.code === 'server_busy') {
        await deps.wait(error.retryAfter ?? 2);
        continue;
      }
      const needsProof =
        error.code === 'proof_of_work_required' || (proofOfWork !== undefined && PROOF_REFUSED.has(error.code));
      if (!needsProof) throw error;
      deps.onStage('proving');
      const challenge = await deps.getChallenge(username);
      if (!challenge.required) throw error;
      proofOfWork = await deps.solve(challenge);
    }
  }
}
