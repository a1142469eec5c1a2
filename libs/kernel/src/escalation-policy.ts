import { parseDuration } from './duration.js';

export const DEADLINE_KINDS = ['notice', 'report', 'pledge'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** One deadline kind's ladder, in milliseconds (parsed from ISO 8601 durations). */
export interface LadderPolicy {
  remindBefore: number[];
  yellowWithin: number;
  warnAfter: number;
  escalateAfter: number;
}
export type EscalationPolicy = Record<DeadlineKind, LadderPolicy>;

/** DESIGN §5: the defaults for rectification, used for every kind unless configured. */
export const DEFAULT_POLICY_TEXT = {
  remindBefore: ['P7D', 'P3D', 'P1D'],
  yellowWithin: 'P3D',
  warnAfter: 'P3D',
  escalateAfter: 'P7D',
};

function parseLadder(kind: string, raw: unknown): LadderPolicy {
  const at = (field: string) => `ESCALATION_POLICY.${kind}.${field}`;
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new Error(`ESCALATION_POLICY.${kind} must be an object with ${Object.keys(DEFAULT_POLICY_TEXT).join(', ')}`);
  }
  // A misspelt field would otherwise fall back to its default without a word.
  for (const field of Object.keys(raw ?? {})) {
    if (!(field in DEFAULT_POLICY_TEXT)) throw new Error(`${at(field)} is not a policy field (expected ${Object.keys(DEFAULT_POLICY_TEXT).join(', ')})`);
  }
  const source = { ...DEFAULT_POLICY_TEXT, ...(raw as object) } as Record<string, unknown>;
  const duration = (field: string, value: unknown): number => {
    if (typeof value !== 'string') throw new Error(`${at(field)} must be an ISO 8601 duration string`);
    try {
      const ms = parseDuration(value);
      if (ms < 0) throw new Error('negative');
      return ms;
    } catch {
      throw new Error(`${at(field)} = "${String(value)}" is not a non-negative ISO 8601 duration (e.g. P3D, PT10S)`);
    }
  };
  if (!Array.isArray(source.remindBefore)) throw new Error(`${at('remindBefore')} must be an array of durations`);
  const remindBefore = source.remindBefore.map((value) => duration('remindBefore', value)).sort((a, b) => b - a);
  const warnAfter = duration('warnAfter', source.warnAfter);
  const escalateAfter = duration('escalateAfter', source.escalateAfter);
  if (escalateAfter < warnAfter) throw new Error(`${at('escalateAfter')} must not be shorter than warnAfter`);
  return { remindBefore, yellowWithin: duration('yellowWithin', source.yellowWithin), warnAfter, escalateAfter };
}

/** Parses the JSON of ESCALATION_POLICY; kinds not given get the defaults. */
export function parseEscalationPolicy(json: unknown): EscalationPolicy {
  if (json !== undefined && (typeof json !== 'object' || json === null || Array.isArray(json))) {
    throw new Error('ESCALATION_POLICY must be a JSON object keyed by deadline kind (notice, report, pledge)');
  }
  const raw = (json ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(DEADLINE_KINDS as readonly string[]).includes(key)) {
      throw new Error(`ESCALATION_POLICY has an unknown deadline kind "${key}" (expected ${DEADLINE_KINDS.join(', ')})`);
    }
  }
  return Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, parseLadder(kind, raw[kind])])) as EscalationPolicy;
}
