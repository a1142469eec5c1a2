import { DomainError, type Actor } from '@app/kernel';
import { ACCESS_FORBIDDEN, type OrgFacts } from '@app/access';
import { PLEDGE_ERRORS as E } from './pledge.decider.js';
import { authorizePledge, type PledgeIntent } from './pledge.policy.js';

const actor = (orgId: string, roles: Actor['roles']): Actor => ({ userId: `u-${orgId}`, username: `u-${orgId}`, orgId, roles });
const TARGET: OrgFacts = { id: 'twp-a', parentId: 'county', ancestors: ['county'] };
const letter = { kind: 'responsibility' as const, supervisorOrgId: 'county' };
const publicPledge = { kind: 'public' as const, supervisorOrgId: 'county' };
const clerk = actor('twp-a', ['clerk']);
const supervisor = actor('county', ['supervisor']);

function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, kind: error.kind };
  }
}
const refused = (code: string, kind = 'forbidden') => ({ code, kind });

describe('pledge policy (who may do what with a pledge, and for which side)', () => {
  it('lets whoever reads the target read it (no side); outside the subtree it does not exist (404)', () => {
    for (const reader of [actor('county', ['viewer']), clerk, supervisor, actor('elsewhere', ['admin'])]) {
      expect(outcome(() => authorizePledge(reader, 'read', letter, TARGET))).toBeNull();
    }
    expect(outcome(() => authorizePledge(actor('twp-b', ['clerk']), 'read', letter, TARGET))).toEqual(refused(E.NOT_FOUND, 'not_found'));
    expect(outcome(() => authorizePledge(actor('twp-b', ['supervisor']), 'InspectPledge', letter, TARGET))).toEqual(refused(E.NOT_FOUND, 'not_found'));
  });

  it('the target’s clerk progresses and fulfils; nobody else', () => {
    for (const intent of ['ProgressPledgeItem', 'FulfilPledgeItem'] as PledgeIntent[]) {
      expect(outcome(() => authorizePledge(clerk, intent, letter, TARGET))).toBe('target');
      expect(outcome(() => authorizePledge(supervisor, intent, letter, TARGET))).toEqual(refused(ACCESS_FORBIDDEN));
      expect(outcome(() => authorizePledge(actor('twp-a', ['viewer']), intent, letter, TARGET))).toEqual(refused(ACCESS_FORBIDDEN));
    }
  });

  it('the supervising organisation inspects and evaluates: a supervisor of the parent that the pledge names', () => {
    const moved: OrgFacts = { id: 'twp-a', parentId: 'county-2', ancestors: ['root', 'county-2'] };
    for (const intent of ['InspectPledge', 'EvaluatePledge'] as PledgeIntent[]) {
      expect(outcome(() => authorizePledge(supervisor, intent, letter, TARGET))).toBe('supervisor');
      expect(outcome(() => authorizePledge(clerk, intent, letter, TARGET))).toEqual(refused(ACCESS_FORBIDDEN));
      expect(outcome(() => authorizePledge(actor('county-2', ['supervisor']), intent, letter, moved))).toEqual(refused(E.NOT_A_PARTY));
    }
  });

  it('has nobody to inspect a public pledge of an organisation without a parent', () => {
    const topLevel: OrgFacts = { id: 'county', parentId: null, ancestors: [] };
    expect(outcome(() => authorizePledge(actor('county', ['supervisor', 'clerk']), 'InspectPledge', { kind: 'public', supervisorOrgId: null }, topLevel))).toEqual(refused(ACCESS_FORBIDDEN));
  });

  it('signing: each side its own; a public pledge only by the pledging organisation; outsiders 403', () => {
    expect(outcome(() => authorizePledge(clerk, 'SignPledge', letter, TARGET))).toBe('target');
    expect(outcome(() => authorizePledge(supervisor, 'SignPledge', letter, TARGET))).toBe('supervisor');
    expect(outcome(() => authorizePledge(clerk, 'SignPledge', publicPledge, TARGET))).toBe('target');
    expect(outcome(() => authorizePledge(supervisor, 'SignPledge', publicPledge, TARGET))).toEqual(refused(E.NOT_A_PARTY));
    expect(outcome(() => authorizePledge(actor('county', ['viewer']), 'SignPledge', letter, TARGET))).toEqual(refused(ACCESS_FORBIDDEN));
  });
});
