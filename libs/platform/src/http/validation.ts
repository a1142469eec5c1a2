import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { invalid, type FieldError } from '@app/kernel';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A NUL character or half of a surrogate pair (not well-formed UTF-16): no text may hold one, as
 * the store's JSON (PostgreSQL jsonb) cannot keep it. Such input is bad input, not a failed append.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MESSAGE = 'must not contain a NUL character or half of a surrogate pair';
const hasUnstorable = (text: string) => text.search(UNSTORABLE) !== -1;

/** No body of this API nests deeper; class-transformer recurses, and a deeper one would overflow the stack (a 500). */
const MAX_DEPTH = 32;

/**
 * Where a string (or a property name) holds such a character. Walks the input without recursion,
 * and refuses input nested deeper than MAX_DEPTH before class-transformer sees it.
 */
function unstorableFields(input: object): FieldError[] {
  const found: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: '', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      if (hasUnstorable(value)) found.push({ field: path, messages: [MESSAGE] });
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) throw invalid('REQUEST.TOO_DEEP', `The request nests objects or arrays more than ${MAX_DEPTH} deep.`);
      for (const [key, item] of Object.entries(value)) {
        const field = path ? `${path}.${key}` : key;
        // A name is given back escaped: an answer (stored for an Idempotency-Key) holds none either.
        if (hasUnstorable(key)) found.push({ field: field.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), messages: [MESSAGE] });
        else pending.push({ value: item, path: field, depth: depth + 1 });
      }
    }
  }
  return found.reverse();
}

/**
 * The body of a command that takes none (acknowledge, verify, submit, ...): no body, or an empty
 * object. As for every other body, a property it does not know is refused (400), not ignored.
 */
export class NoBody {}

/**
 * The base of a body whose every property is optional (a verification opinion, a publish
 * reason): no body at all counts as `{}`, so the command also runs without one.
 */
export abstract class OptionalBody {}

/** OpenAPI for a command taking `@Body() _: NoBody`: the body is optional. */
export const ApiNoBody = () => ApiBody({ required: false, type: NoBody, description: 'No body (or an empty object)' });

/**
 * class-validator with whitelisting: unknown properties are refused (not silently dropped),
 * and every failure is a 400 problem with field errors.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalid('REQUEST.INVALID', 'The request is invalid; see errors for each field.', flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && typeof value === 'object' && value !== null) {
      const unstorable = unstorableFields(value);
      if (unstorable.length > 0) throw invalid('REQUEST.INVALID', 'The request is invalid; see errors for each field.', unstorable);
    }
    // class-validator has nothing to check on a class without properties (forbidUnknownValues
    // would refuse even `{}`), so a command without a body is checked here.
    if (metadata.type === 'body' && metadata.metatype === NoBody) {
      // Nothing sent, or an empty text/plain body: no body.
      if (value === undefined || value === '') return undefined;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw invalid('REQUEST.BODY_NOT_OBJECT', 'The request body must be a JSON object.');
      }
      const unknown = Object.keys(value);
      if (unknown.length > 0) {
        throw invalid(
          'REQUEST.INVALID',
          'The request is invalid; see errors for each field.',
          unknown.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
        );
      }
      return value;
    }
    if (metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype.prototype instanceof OptionalBody && (value === undefined || value === '')) {
      value = {};
    }
    // A JSON body that is not an object ("text", 42, [..]) is refused before class-transformer sees it.
    if (metadata.type === 'body' && metadata.metatype && typeof metadata.metatype === 'function' && metadata.metatype !== Object) {
      if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
        throw invalid('REQUEST.BODY_NOT_OBJECT', 'The request body must be a JSON object.');
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * An instant as a client must send it: a date, a time and a zone (`Z` or `±hh:mm`). Without the
 * zone the server's own time zone would decide what the client meant: off by eight hours for a
 * client in Shanghai talking to a server on UTC.
 */
export const ZONED_INSTANT = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
