import { refusal } from '../../../kernel/src/testing/refusal.js';
import { ACCESS_FORBIDDEN, ORG_NOT_FOUND, type Actor, type OrgFacts } from './authorization.js';
import { authorizeOrganization, authorizeRegistration, type OrganizationIntent } from './organization.policy.js';

const actor = (orgId: string, roles: Actor['roles']): Actor => ({ userId: `u-${orgId}`, username: `u-${orgId}`, orgId, roles });
const VILLAGE: OrgFacts = { id: 'vil-lumiao', parentId: 'twp-liuji', ancestors: ['county-lankao', 'twp-liuji'] };
const ADMIN_ONLY: OrganizationIntent[] = ['RenameOrganization', 'MergeOrganization'];
const ADMIN_OR_SUPERVISOR: OrganizationIntent[] = [
  'AppointSecretary',
  'DesignateBackward',
  'RestoreFromBackward',
  'AwardPlaque',
  'RevokePlaque',
  'CommendOrganization',
  'RecommendSecretaryAdjustment',
];
const forbidden = { code: ACCESS_FORBIDDEN, kind: 'forbidden' };
const notFound = { code: ORG_NOT_FOUND, kind: 'not_found' };

describe('organization policy (who may do what with an organisation)', () => {
  it('lets whoever reads its subtree read it; outside the subtree it does not exist (404), whatever the intent', () => {
    for (const reader of [actor('county-lankao', ['viewer']), actor('twp-liuji', ['clerk']), actor('vil-lumiao', ['viewer']), actor('elsewhere', ['admin'])]) {
      expect(refusal(() => authorizeOrganization(reader, 'read', VILLAGE))).toBeNull();
    }
    for (const intent of ['read', ...ADMIN_ONLY, ...ADMIN_OR_SUPERVISOR] as OrganizationIntent[]) {
      expect(refusal(() => authorizeOrganization(actor('twp-other', ['supervisor']), intent, VILLAGE))).toEqual(notFound);
      expect(refusal(() => authorizeOrganization(actor('twp-liuji', []), intent, VILLAGE))).toEqual(notFound);
    }
  });

  it('leaves the shape of the tree (renaming, merging) to an administrator', () => {
    for (const intent of ADMIN_ONLY) {
      expect(refusal(() => authorizeOrganization(actor('county-lankao', ['admin']), intent, VILLAGE))).toBeNull();
      for (const other of [actor('twp-liuji', ['supervisor']), actor('county-lankao', ['supervisor', 'clerk', 'viewer'])]) {
        expect(refusal(() => authorizeOrganization(other, intent, VILLAGE))).toEqual(forbidden);
      }
    }
  });

  it('lets an administrator or a supervisor of the parent run its life; not a grandparent, a clerk of the parent or the organisation itself (403)', () => {
    for (const intent of ADMIN_OR_SUPERVISOR) {
      expect(refusal(() => authorizeOrganization(actor('county-lankao', ['admin']), intent, VILLAGE))).toBeNull();
      expect(refusal(() => authorizeOrganization(actor('twp-liuji', ['supervisor']), intent, VILLAGE))).toBeNull();
      for (const other of [actor('county-lankao', ['supervisor']), actor('twp-liuji', ['clerk']), actor('vil-lumiao', ['supervisor'])]) {
        expect(refusal(() => authorizeOrganization(other, intent, VILLAGE))).toEqual(forbidden);
      }
    }
  });

  it('leaves registering to an administrator', () => {
    expect(refusal(() => authorizeRegistration(actor('county-lankao', ['admin'])))).toBeNull();
    expect(refusal(() => authorizeRegistration(actor('county-lankao', ['supervisor', 'clerk', 'viewer'])))).toEqual(forbidden);
  });
});
