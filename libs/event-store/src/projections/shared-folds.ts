import { encodeState, type RecordedEvent } from '@app/kernel';

/** A decider's fold, by identity: the same functions give the same states. */
export interface Fold<State> {
  initialState(): State;
  evolve(state: State, event: { type: string; data: any }): State;
}

/**
 * How a projection folds a subject's events and encodes its state for its table. A projection
 * folds on its own (`foldAlone`); in a rebuild the projections that fold the same streams with the
 * same decider (a notice: the deadline board, the assessment facts, the notices list) share one
 * `SharedFolds`, so each event is folded once, not once per projection.
 */
export interface Folds {
  /** The state before a subject's first event. */
  initial<State>(fold: Fold<State>): State;
  /** `fold.evolve(state, event)`. */
  evolve<State>(fold: Fold<State>, state: State, event: RecordedEvent): State;
  /** `encodeState(state)`, what a row's `state` column holds. */
  encode(state: unknown): unknown;
  /** `JSON.stringify(encodeState(state))`: the `state` column's text. */
  json(state: unknown): string;
}

/** Folding with no one to share with (live runners): each call computes. */
export const foldAlone: Folds = {
  initial: (fold) => fold.initialState(),
  // The recorded event is passed as it is: evolve reads its type and data only (no copy per event).
  evolve: (fold, state, event) => fold.evolve(state, event),
  encode: encodeState,
  json: (state) => JSON.stringify(encodeState(state)),
};

/**
 * Folds shared by the projections of one rebuild. Deciders' `evolve` is pure and states are never
 * changed in place (each event makes a new state), so the state an event made from a given state
 * with a given fold can be handed to every projection that asks for the same: the first computes,
 * the others reuse (keyed by the event object, which the page shares; gone with the page). A
 * projection that read its state back from its table (another object) computes on its own.
 *
 * Texts (`json`) are kept by state until `forgetTexts`, which the rebuild calls once every projection
 * has applied a page: its holding projections flush on the same pages, so the board, the assessment
 * facts and a subject's own list serialise its state once between them (bench:province: a county's
 * rebuild ~10 % less of the CLI's CPU). Not longer: a text kept as long as its state is held cost ten
 * counties' rebuild 0.46 GB of peak RSS for 4 % of its time.
 */
export class SharedFolds implements Folds {
  private readonly initials = new Map<Fold<unknown>['initialState'], unknown>();
  private readonly made = new WeakMap<RecordedEvent, { evolve: Fold<unknown>['evolve']; from: unknown; to: unknown }>();

  initial<State>(fold: Fold<State>): State {
    if (!this.initials.has(fold.initialState)) this.initials.set(fold.initialState, fold.initialState());
    return this.initials.get(fold.initialState) as State;
  }

  evolve<State>(fold: Fold<State>, state: State, event: RecordedEvent): State {
    const known = this.made.get(event);
    if (known && known.evolve === fold.evolve && known.from === state) return known.to as State;
    const next = fold.evolve(state, event);
    this.made.set(event, { evolve: fold.evolve as Fold<unknown>['evolve'], from: state, to: next });
    return next;
  }

  readonly encode = foldAlone.encode;

  /** Texts made since `forgetTexts`, by state: projections writing the same state on the same page serialise it once. */
  private readonly texts = new Map<object, string>();

  json(state: unknown): string {
    if (state === null || typeof state !== 'object') return foldAlone.json(state);
    let text = this.texts.get(state);
    if (text === undefined) {
      text = foldAlone.json(state);
      this.texts.set(state, text);
    }
    return text;
  }

  /** Lets the texts made so far go (the rebuild, once every projection has applied the page they were made on). */
  forgetTexts(): void {
    this.texts.clear();
  }
}
