import { AppError } from '../../http/errors';

export const proofOfWorkErrors = {
  required: () =>
    new AppError(
      400,
      'proof_of_work_required',
      'This request needs a proof of work: get a challenge from GET /api/v1/challenges and solve it.',
    ),
  invalid: (why: string) => new AppError(400, 'proof_of_work_invalid', `The proof of work is not valid: ${why}.`),
  spent: () =>
    new AppError(409, 'proof_of_work_spent', 'This proof of work was already used; get a new challenge and solve it.'),
};
