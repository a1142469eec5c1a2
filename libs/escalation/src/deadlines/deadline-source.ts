import { Injectable } from '@nestjs/common';
import type { Deadline, DeadlineKind } from '@app/kernel';

/** What the board, the scheduler and the workers need to know about one subject with a deadline. */
export interface DeadlineSubject {
  kind: DeadlineKind;
  subjectId: string;
  streamId: string;
  title: string;
  /** The organisation that must act. */
  targetOrgId: string;
  /** The organisation that supervises (issuer of the notice, receiver of the report). */
  supervisorOrgId: string;
  deadline: Deadline;
}

/**
 * A kind of subject with a deadline (notice, report, pledge), registered by its context. The
 * deadline read model and the ladder workers fold the subject's own stream with the context's
 * `evolve`, so the rules of when a deadline opens, moves and closes live in one place: the decider.
 */
export interface DeadlineSource<State = any> {
  kind: DeadlineKind;
  /** The stream category of the subjects (`notice`, `report`, ...). */
  category: string;
  initialState(): State;
  evolve(state: State, event: { type: string; data: any }): State;
  /** The subject's deadline facts, or null while it has none (e.g. not issued yet). */
  describe(state: State, streamId: string): DeadlineSubject | null;
}

@Injectable()
export class DeadlineSources {
  private readonly byCategory = new Map<string, DeadlineSource>();

  register(source: DeadlineSource): void {
    if (this.byCategory.has(source.category)) throw new Error(`A deadline source for category ${source.category} is registered twice`);
    this.byCategory.set(source.category, source);
  }

  forCategory(category: string): DeadlineSource | undefined {
    return this.byCategory.get(category);
  }

  forKind(kind: DeadlineKind): DeadlineSource | undefined {
    return [...this.byCategory.values()].find((s) => s.kind === kind);
  }

  categories(): string[] {
    return [...this.byCategory.keys()];
  }
}
