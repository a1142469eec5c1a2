import { DomainError } from '../errors.js';

/** What a policy or rule answered: null when it let the call through, else the code and kind of the domain error it threw. */
export function refusal(run: () => unknown): { code: string; kind: DomainError['kind'] } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, kind: error.kind };
  }
}
