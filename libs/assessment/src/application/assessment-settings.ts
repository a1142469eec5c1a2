import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '@app/kernel';
import { DEFAULT_SCHEME, schemeFromJson, type AssessmentScheme } from '../domain/scheme.js';

/**
 * The scheme in force, parsed once at start: ASSESSMENT_SCHEME is JSON or the path of a JSON
 * file, over the defaults of the sources. A bad one stops the start naming the field.
 */
export class AssessmentSettings {
  constructor(readonly scheme: AssessmentScheme) {}

  static fromEnv(env: Record<string, string | undefined>): AssessmentSettings {
    const raw = env.ASSESSMENT_SCHEME?.trim();
    if (!raw) return new AssessmentSettings(DEFAULT_SCHEME);
    if (raw.startsWith('{')) return new AssessmentSettings(schemeFromJson(raw));
    if (!existsSync(raw)) throw new ConfigError('ASSESSMENT_SCHEME', `is neither JSON nor an existing file: ${raw}`);
    return new AssessmentSettings(schemeFromJson(readFileSync(raw, 'utf8')));
  }
}
