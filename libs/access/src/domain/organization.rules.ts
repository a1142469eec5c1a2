/**
 * Rules about an organisation's identity and place in the tree, shared by the decider and the
 * CSV import so that both refuse exactly the same things.
 */
export const ORG_KINDS = ['county', 'township', 'village', 'organ', 'enterprise'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export function isOrgKind(value: unknown): value is OrgKind {
  return typeof value === 'string' && (ORG_KINDS as readonly string[]).includes(value);
}

// Slugs chosen by the client (`twp-liuji`): no leading or trailing dash so they read well in URLs.
const ORG_ID = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])$/;
export const ORG_ID_RULE = '2..64 letters, digits, underscores or dashes, starting and ending with a letter or digit';

export function isOrganizationId(value: unknown): value is string {
  return typeof value === 'string' && ORG_ID.test(value);
}

export const ORG_NAME_MAX = 100;

/** The name as stored (trimmed), or null when it is not acceptable. Length counts characters, not UTF-16 units. */
export function normalizeOrganizationName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim();
  const length = [...name].length;
  // control characters (a stray tab or newline from a spreadsheet) make names unsearchable
  if (length < 1 || length > ORG_NAME_MAX || /\p{Cc}/u.test(name)) return null;
  return name;
}

/** Which kinds may be the parent of each kind; a county is a root. */
export const ALLOWED_PARENT_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  county: [],
  township: ['county'],
  village: ['township', 'county'],
  organ: ['township', 'county'],
  enterprise: ['township', 'county'],
};

export type PlacementProblem =
  | { code: 'ORG.COUNTY_HAS_NO_PARENT'; message: string }
  | { code: 'ORG.PARENT_REQUIRED'; message: string }
  | { code: 'ORG.INVALID_PARENT_KIND'; message: string };

/**
 * Whether an organisation of `kind` may sit under `parentId` (of `parentKind`). Existence of the
 * parent is the caller's check; this is only about the shape of the tree.
 */
export function placementProblem(kind: OrgKind, parentId: string | null, parentKind: OrgKind | null): PlacementProblem | null {
  if (kind === 'county') {
    return parentId === null ? null : { code: 'ORG.COUNTY_HAS_NO_PARENT', message: 'A county has no parent organisation' };
  }
  if (parentId === null) return { code: 'ORG.PARENT_REQUIRED', message: `A ${kind} needs a parent organisation` };
  if (parentKind !== null && !ALLOWED_PARENT_KINDS[kind].includes(parentKind)) {
    return {
      code: 'ORG.INVALID_PARENT_KIND',
      message: `A ${kind} belongs under a ${ALLOWED_PARENT_KINDS[kind].join(' or ')}, not under a ${parentKind}`,
    };
  }
  return null;
}
