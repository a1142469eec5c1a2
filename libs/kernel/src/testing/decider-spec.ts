import type { Decider, DomainEvent } from '../decider.js';
import { DomainError } from '../errors.js';

/**
 * Given/when/then for deciders (after emmett's DeciderSpecification): given past events,
 * when a command, then the new events or the refusal. No mocks, no I/O.
 */
export function deciderSpec<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given(events: Event[] = []) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        state,
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Array<Partial<Event> | Event>) {
              expect(run()).toEqual(expected.map((e) => expect.objectContaining(e)));
            },
            thenEvents(): Event[] {
              return run();
            },
            thenNothing() {
              expect(run()).toEqual([]);
            },
            thenFails(code: string, kind?: DomainError['kind']) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              if (kind) expect((thrown as DomainError).kind).toBe(kind);
            },
          };
        },
      };
    },
  };
}
