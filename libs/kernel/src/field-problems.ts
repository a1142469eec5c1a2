import { invalid, type FieldError } from './errors.js';

/** The most a free text of a command may hold (reasons, evidence, opinions), as the DTOs say. */
export const TEXT_MAX = 2000;

/**
 * An optional opinion (核实意见, 审核意见) on a closing decision: absent is null; present, it is a
 * non-empty text of at most TEXT_MAX characters, else a 400 naming the field.
 */
export function optionalComment(code: string, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (isBlankText(value) || (value as string).length > TEXT_MAX) {
    throw invalid(code, `${field} must be a non-empty text of at most ${TEXT_MAX} characters`, [
      { field, messages: [`must be a non-empty text of at most ${TEXT_MAX} characters`] },
    ]);
  }
  return (value as string).trim();
}

const isBlankText = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';

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
