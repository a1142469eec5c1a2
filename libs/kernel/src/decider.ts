/** A domain event before it is stored: what happened, and its data. */
export interface DomainEvent<Type extends string = string, Data = Record<string, unknown>> {
  type: Type;
  data: Data;
  /** Set when an effect may be retried, so the store can recognise the repeat. */
  eventId?: string;
}

/**
 * The pure heart of an aggregate (after emmett's Decider): no framework, no I/O, no clock.
 * `decide` throws a DomainError when a rule refuses the command.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/**
 * Folds stored events (anything with a type and data: RecordedEvent) with a decider's evolve.
 * The store does not know the aggregates' event unions; the stream's category says which it is
 * (evolve reads only the type and the data).
 */
export function foldRecorded<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
  recorded: Iterable<{ type: string; data: unknown }>,
): State {
  return fold(decider, recorded as Iterable<Event>);
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
