import { DomainError } from '@app/kernel';
import {
  Actor,
  OrgFacts,
  Role,
  assertCanActFor,
  assertCanAdminister,
  assertCanRead,
  assertCanSupervise,
  canActFor,
  canAdminister,
  canRead,
  canReadPublishedRanking,
  canSupervise,
  readableScopeRoot,
} from './authorization.js';

// The policy does not look at kinds; a depth-4 path lets "grandchild" exist below a township.
//   county-lankao
//   ├── twp-liuji            (the actor's own organisation, 刘集镇)
//   │   └── vil-lumiao       (child, 鲁庙村)
//   │       └── grp-lumiao-1 (grandchild)
//   └── twp-langchenggang    (sibling, 狼城岗镇)
//       └── vil-cuizhuang    (sibling's child, 崔庄村)
const tree: Record<string, OrgFacts> = {
  parent: { id: 'county-lankao', parentId: null, ancestors: [] },
  own: { id: 'twp-liuji', parentId: 'county-lankao', ancestors: ['county-lankao'] },
  child: { id: 'vil-lumiao', parentId: 'twp-liuji', ancestors: ['county-lankao', 'twp-liuji'] },
  grandchild: { id: 'grp-lumiao-1', parentId: 'vil-lumiao', ancestors: ['county-lankao', 'twp-liuji', 'vil-lumiao'] },
  sibling: { id: 'twp-langchenggang', parentId: 'county-lankao', ancestors: ['county-lankao'] },
  siblingsChild: {
    id: 'vil-cuizhuang',
    parentId: 'twp-langchenggang',
    ancestors: ['county-lankao', 'twp-langchenggang'],
  },
};
type Target = keyof typeof tree;
type Act = 'read' | 'supervise' | 'act';

const actor = (...roles: Role[]): Actor => ({ userId: 'u-1', username: 'zhang.san', orgId: 'twp-liuji', roles });

const check: Record<Act, (a: Actor, t: OrgFacts) => boolean> = {
  read: canRead,
  supervise: canSupervise,
  act: canActFor,
};

// role × target → which of read / supervise / act is allowed
const matrix: Record<Role, Record<Target, Act[]>> = {
  admin: {
    own: ['read'],
    child: ['read'],
    grandchild: ['read'],
    sibling: ['read'],
    siblingsChild: ['read'],
    parent: ['read'],
  },
  supervisor: {
    own: ['read'],
    child: ['read', 'supervise'],
    grandchild: ['read'],
    sibling: [],
    siblingsChild: [],
    parent: [],
  },
  clerk: {
    own: ['read', 'act'],
    child: ['read'],
    grandchild: ['read'],
    sibling: [],
    siblingsChild: [],
    parent: [],
  },
  viewer: {
    own: ['read'],
    child: ['read'],
    grandchild: ['read'],
    sibling: [],
    siblingsChild: [],
    parent: [],
  },
};

const rows = (Object.keys(matrix) as Role[]).flatMap((role) =>
  (Object.keys(tree) as Target[]).flatMap((target) =>
    (['read', 'supervise', 'act'] as Act[]).map((act) => [role, target, act, matrix[role][target].includes(act)] as const),
  ),
);

describe('authorization matrix', () => {
  it('covers every role × target × act', () => {
    expect(rows).toHaveLength(4 * 6 * 3);
  });

  it.each(rows)('%s on %s: %s → %s', (role, target, act, allowed) => {
    expect(check[act](actor(role), tree[target])).toBe(allowed);
  });

  it.each(rows)('assert helper agrees: %s on %s: %s → %s', (role, target, act, allowed) => {
    const assertion = { read: assertCanRead, supervise: assertCanSupervise, act: assertCanActFor }[act];
    const run = () => assertion(actor(role), tree[target]);
    if (allowed) {
      expect(run).not.toThrow();
      return;
    }
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    // Reads outside the scope look like unknown resources; refused acts are plain 403s.
    expect((thrown as DomainError).kind).toBe(act === 'read' ? 'not_found' : 'forbidden');
    expect((thrown as DomainError).code).toBe(act === 'read' ? 'ORG.NOT_FOUND' : 'ACCESS.FORBIDDEN');
  });
});

describe('authorization details', () => {
  it('a supervisor who is also a clerk acts for its own organisation and supervises its children', () => {
    const both = actor('supervisor', 'clerk');
    expect(canActFor(both, tree.own)).toBe(true);
    expect(canSupervise(both, tree.child)).toBe(true);
    expect(canSupervise(both, tree.own)).toBe(false);
  });

  it('an actor without roles reads nothing and has no scope', () => {
    const none = actor();
    expect(canRead(none, tree.own)).toBe(false);
    expect(() => readableScopeRoot(none)).toThrow(DomainError);
  });

  it('only admin administers', () => {
    expect(canAdminister(actor('admin'))).toBe(true);
    for (const role of ['supervisor', 'clerk', 'viewer'] as Role[]) {
      expect(canAdminister(actor(role))).toBe(false);
      expect(() => assertCanAdminister(actor(role))).toThrow(expect.objectContaining({ code: 'ACCESS.FORBIDDEN' }));
    }
  });

  it('readable scope root is null for admin and the own organisation otherwise', () => {
    expect(readableScopeRoot(actor('admin'))).toBeNull();
    expect(readableScopeRoot(actor('admin', 'viewer'))).toBeNull();
    expect(readableScopeRoot(actor('viewer'))).toBe('twp-liuji');
    expect(readableScopeRoot(actor('supervisor', 'clerk'))).toBe('twp-liuji');
  });

  it('assertCanRead uses the caller’s not-found code, so an outside resource looks unknown', () => {
    expect(() => assertCanRead(actor('viewer'), tree.sibling, 'NOTICE.NOT_FOUND', 'Notice not found')).toThrow(
      expect.objectContaining({ kind: 'not_found', code: 'NOTICE.NOT_FOUND', message: 'Notice not found' }),
    );
  });

  it('a parentId that matches but an id equal to the own organisation is never supervised', () => {
    // a corrupt self-parented fact must not widen the scope
    expect(canSupervise(actor('supervisor'), { id: 'twp-liuji', parentId: 'twp-liuji' })).toBe(false);
  });

  describe('published rankings', () => {
    // ranking of the county's townships; the actor's own org ancestors are given separately
    it('are read by every organisation under the supervisor, the supervisor itself and admins', () => {
      expect(canReadPublishedRanking(actor('viewer'), tree.parent, tree.own.ancestors)).toBe(true);
      const villageClerk: Actor = { ...actor('clerk'), orgId: 'vil-cuizhuang' };
      expect(canReadPublishedRanking(villageClerk, tree.parent, tree.siblingsChild.ancestors)).toBe(true);
      const countySupervisor: Actor = { ...actor('supervisor'), orgId: 'county-lankao' };
      expect(canReadPublishedRanking(countySupervisor, tree.parent, [])).toBe(true);
      expect(canReadPublishedRanking({ ...actor('admin'), orgId: 'elsewhere' }, tree.parent, [])).toBe(true);
    });

    it('are not read from outside the supervisor’s subtree', () => {
      // the township ranking of twp-langchenggang's villages is not for twp-liuji
      expect(canReadPublishedRanking(actor('supervisor'), tree.sibling, tree.own.ancestors)).toBe(false);
      expect(canReadPublishedRanking(actor(), tree.parent, tree.own.ancestors)).toBe(false);
    });
  });
});
