import { invalid, type FieldError } from './errors.js';

export const isBlank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';
export const isValidDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

const IN_THE_PAST = 'must be in the future';

/**
 * A decider's input checks: fields that fail collect here, so one answer (400) names all of them.
 * An instant in the past gets its own code, so a client can tell it from a malformed request.
 */
export class FieldProblems {
  readonly errors: FieldError[] = [];

  constructor(private readonly codes: { invalid: string; timeInPast: string }) {}

  add(field: string, message: string): void {
    this.errors.push({ field, messages: [message] });
  }

  /** The text trimmed; an error when it is missing or blank. */
  text(field: string, value: unknown): string {
    if (isBlank(value)) this.add(field, 'must not be empty');
    return typeof value === 'string' ? value.trim() : '';
  }

  future(field: string, value: unknown, now: Date): void {
    if (!isValidDate(value)) this.add(field, 'not a valid instant');
    else if (value.getTime() <= now.getTime()) this.add(field, IN_THE_PAST);
  }

  throwIfAny(message: string): void {
    if (this.errors.length === 0) return;
    const past = this.errors.every((error) => error.messages.includes(IN_THE_PAST));
    throw invalid(past ? this.codes.timeInPast : this.codes.invalid, message, this.errors);
  }
}
