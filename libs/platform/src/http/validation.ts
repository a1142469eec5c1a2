import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { invalid, type FieldError } from '@app/kernel';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

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
