import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import {
  type OrganizationEvent,
  type RegisterOrganization,
  organizationDecider,
  organizationStream,
} from './organization.decider.js';

const now = new Date('2026-03-02T08:00:00.000Z');
const at = now.toISOString();

const spec = deciderSpec(organizationDecider);

const registerTownship = (overrides: Partial<RegisterOrganization> = {}): RegisterOrganization => ({
  type: 'RegisterOrganization',
  id: 'twp-liuji',
  name: '刘集镇',
  kind: 'township',
  parentId: 'county-lankao',
  parent: { kind: 'county', merged: false },
  now,
  ...overrides,
});

const liujiRegistered: OrganizationEvent = {
  type: 'OrganizationRegistered',
  data: { orgId: 'twp-liuji', name: '刘集镇', kind: 'township', parentId: 'county-lankao', at },
};
const lumiaoRegistered: OrganizationEvent = {
  type: 'OrganizationRegistered',
  data: { orgId: 'vil-lumiao', name: '鲁庙村', kind: 'village', parentId: 'twp-liuji', at },
};
const lumiaoMerged: OrganizationEvent = {
  type: 'OrganizationMerged',
  data: { orgId: 'vil-lumiao', intoId: 'vil-cuizhuang', at },
};

describe('organization decider', () => {
  it('names its stream org-<id>', () => {
    expect(organizationStream('twp-liuji')).toBe('org-twp-liuji');
  });

  describe('RegisterOrganization', () => {
    it('registers a township under the county', () => {
      spec.given([]).when(registerTownship()).then([liujiRegistered]);
    });

    it('registers a county without a parent', () => {
      spec
        .given([])
        .when(registerTownship({ id: 'county-lankao', name: '兰考县', kind: 'county', parentId: null, parent: null }))
        .then([
          {
            type: 'OrganizationRegistered',
            data: { orgId: 'county-lankao', name: '兰考县', kind: 'county', parentId: null, at },
          },
        ]);
    });

    it('registers a village under a township, and an organ directly under the county', () => {
      spec
        .given([])
        .when(
          registerTownship({
            id: 'vil-lumiao',
            name: '鲁庙村',
            kind: 'village',
            parentId: 'twp-liuji',
            parent: { kind: 'township', merged: false },
          }),
        )
        .then([lumiaoRegistered]);
      spec
        .given([])
        .when(registerTownship({ id: 'organ-zzb', name: '县委组织部', kind: 'organ' }))
        .then([{ type: 'OrganizationRegistered', data: expect.objectContaining({ kind: 'organ', parentId: 'county-lankao' }) }]);
    });

    it('trims the name', () => {
      const [event] = spec.given([]).when(registerTownship({ name: '  狼城岗镇 ', id: 'twp-langchenggang' })).thenEvents();
      expect(event.data).toMatchObject({ name: '狼城岗镇' });
    });

    it('refuses a duplicate id', () => {
      spec.given([liujiRegistered]).when(registerTownship()).thenFails('ORG.DUPLICATE', 'conflict');
    });

    it('refuses an unknown parent', () => {
      spec.given([]).when(registerTownship({ parent: null })).thenFails('ORG.UNKNOWN_PARENT', 'unprocessable');
    });

    it('refuses a merged parent', () => {
      spec
        .given([])
        .when(registerTownship({ parent: { kind: 'county', merged: true } }))
        .thenFails('ORG.PARENT_MERGED', 'unprocessable');
    });

    it('refuses a county with a parent and anything else without one', () => {
      spec
        .given([])
        .when(registerTownship({ kind: 'county' }))
        .thenFails('ORG.COUNTY_HAS_NO_PARENT', 'invalid');
      spec
        .given([])
        .when(registerTownship({ parentId: null, parent: null }))
        .thenFails('ORG.PARENT_REQUIRED', 'invalid');
    });

    it.each([
      ['township', 'township'],
      ['township', 'village'],
      ['village', 'village'],
      ['enterprise', 'organ'],
      ['village', 'enterprise'],
    ] as const)('refuses a %s under a %s', (kind, parentKind) => {
      spec
        .given([])
        .when(registerTownship({ kind, parent: { kind: parentKind, merged: false } }))
        .thenFails('ORG.INVALID_PARENT_KIND', 'unprocessable');
    });

    it.each([
      ['an id with a space', { id: 'twp liuji' }],
      ['a one-letter id', { id: 't' }],
      ['an id with a trailing dash', { id: 'twp-' }],
      ['an id of 65 characters', { id: 'a'.repeat(65) }],
      ['an empty name', { name: '   ' }],
      ['a name of 101 characters', { name: '村'.repeat(101) }],
      ['an unknown kind', { kind: 'province' as never }],
      ['a malformed parent id', { parentId: 'County Lankao' }],
    ])('refuses %s', (_what, overrides) => {
      spec.given([]).when(registerTownship(overrides)).thenFails('ORG.INVALID', 'invalid');
    });

    it('accepts a name of exactly 100 Chinese characters and an id of 64', () => {
      spec
        .given([])
        .when(registerTownship({ id: 'a'.repeat(64), name: '镇'.repeat(100) }))
        .then([{ type: 'OrganizationRegistered' }]);
    });
  });

  describe('RenameOrganization', () => {
    it('renames, keeping the previous name in the event', () => {
      spec
        .given([liujiRegistered])
        .when({ type: 'RenameOrganization', name: '刘集乡', now })
        .then([{ type: 'OrganizationRenamed', data: { orgId: 'twp-liuji', name: '刘集乡', previousName: '刘集镇', at } }]);
    });

    it('does nothing when the name is unchanged', () => {
      spec.given([liujiRegistered]).when({ type: 'RenameOrganization', name: ' 刘集镇 ', now }).thenNothing();
    });

    it('refuses an unknown organisation', () => {
      spec.given([]).when({ type: 'RenameOrganization', name: '刘集乡', now }).thenFails('ORG.NOT_FOUND', 'not_found');
    });

    it('refuses an empty name', () => {
      spec.given([liujiRegistered]).when({ type: 'RenameOrganization', name: '', now }).thenFails('ORG.INVALID');
    });
  });

  describe('MergeOrganization', () => {
    const merge = { type: 'MergeOrganization', intoId: 'vil-cuizhuang', into: { kind: 'village', merged: false }, now } as const;

    it('merges a village into another village', () => {
      spec.given([lumiaoRegistered]).when(merge).then([lumiaoMerged]);
    });

    it('keeps the history and closes the merged organisation for new commands', () => {
      const given = spec.given([lumiaoRegistered, lumiaoMerged]);
      expect(given.state).toMatchObject({ status: 'merged', name: '鲁庙村', mergedInto: 'vil-cuizhuang' });
      given.when({ type: 'RenameOrganization', name: '新鲁庙村', now }).thenFails('ORG.MERGED', 'conflict');
      given.when(merge).thenFails('ORG.MERGED', 'conflict');
      given
        .when({ type: 'DesignateBackward', reason: '班子软弱涣散', now })
        .thenFails('ORG.MERGED', 'conflict');
    });

    it('refuses a merge into itself, into an unknown, merged or different-kind organisation', () => {
      const given = spec.given([lumiaoRegistered]);
      given.when({ ...merge, intoId: 'vil-lumiao' }).thenFails('ORG.MERGE_INTO_SELF', 'invalid');
      given.when({ ...merge, into: null }).thenFails('ORG.UNKNOWN_MERGE_TARGET', 'unprocessable');
      given.when({ ...merge, into: { kind: 'village', merged: true } }).thenFails('ORG.MERGE_TARGET_MERGED', 'unprocessable');
      given.when({ ...merge, into: { kind: 'township', merged: false } }).thenFails('ORG.MERGE_KIND_MISMATCH', 'unprocessable');
    });
  });

  describe('AppointSecretary', () => {
    const appointed: OrganizationEvent = {
      type: 'SecretaryAppointed',
      data: { orgId: 'vil-lumiao', secretary: { name: '王建国', userId: null }, at },
    };

    it('appoints the first secretary', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'AppointSecretary', name: '王建国', now })
        .then([appointed]);
    });

    it('replaces a secretary afterwards, naming both', () => {
      spec
        .given([lumiaoRegistered, appointed])
        .when({ type: 'AppointSecretary', name: '李红', userId: 'u-lihong', now })
        .then([
          {
            type: 'SecretaryReplaced',
            data: {
              orgId: 'vil-lumiao',
              previous: { name: '王建国', userId: null },
              next: { name: '李红', userId: 'u-lihong' },
              at,
            },
          },
        ]);
    });

    it('does nothing when the same secretary is appointed again', () => {
      spec.given([lumiaoRegistered, appointed]).when({ type: 'AppointSecretary', name: '王建国', now }).thenNothing();
    });

    it('folds the current secretary', () => {
      const replaced: OrganizationEvent = {
        type: 'SecretaryReplaced',
        data: { orgId: 'vil-lumiao', previous: { name: '王建国', userId: null }, next: { name: '李红', userId: null }, at },
      };
      expect(spec.given([lumiaoRegistered, appointed, replaced]).state).toMatchObject({ secretary: { name: '李红' } });
    });

    it('refuses an empty name', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'AppointSecretary', name: ' ', now })
        .thenFails('ORG.INVALID_SECRETARY', 'invalid');
    });
  });

  describe('backward designation', () => {
    const designated: OrganizationEvent = {
      type: 'OrganizationDesignatedBackward',
      data: { orgId: 'vil-lumiao', reason: '班子软弱涣散', at },
    };

    it('designates and restores', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'DesignateBackward', reason: '班子软弱涣散', now })
        .then([designated]);
      expect(spec.given([lumiaoRegistered, designated]).state).toMatchObject({ backward: { reason: '班子软弱涣散', since: at } });
      spec
        .given([lumiaoRegistered, designated])
        .when({ type: 'RestoreFromBackward', reason: '整顿验收合格', now })
        .then([{ type: 'OrganizationRestored', data: { orgId: 'vil-lumiao', reason: '整顿验收合格', at } }]);
      spec
        .given([lumiaoRegistered, designated])
        .when({ type: 'RestoreFromBackward', now })
        .then([{ type: 'OrganizationRestored', data: { orgId: 'vil-lumiao', reason: null, at } }]);
    });

    it('refuses to designate twice or to restore what is not backward', () => {
      spec
        .given([lumiaoRegistered, designated])
        .when({ type: 'DesignateBackward', reason: '再次', now })
        .thenFails('ORG.ALREADY_BACKWARD', 'conflict');
      spec
        .given([lumiaoRegistered])
        .when({ type: 'RestoreFromBackward', now })
        .thenFails('ORG.NOT_BACKWARD', 'conflict');
    });

    it('needs a reason', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'DesignateBackward', reason: '', now })
        .thenFails('ORG.REASON_REQUIRED', 'invalid');
    });
  });

  describe('plaques', () => {
    const plaque = '五星级党支部';
    const awarded: OrganizationEvent = {
      type: 'PlaqueAwarded',
      data: { orgId: 'vil-lumiao', plaque, reason: '2025年度考评先进', at },
    };

    it('awards and revokes a plaque', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'AwardPlaque', plaque, reason: '2025年度考评先进', now })
        .then([awarded]);
      expect(spec.given([lumiaoRegistered, awarded]).state).toMatchObject({ plaques: [plaque] });
      spec
        .given([lumiaoRegistered, awarded])
        .when({ type: 'RevokePlaque', plaque, reason: '2026年度未达标', now })
        .then([{ type: 'PlaqueRevoked', data: { orgId: 'vil-lumiao', plaque, reason: '2026年度未达标', at } }]);
      const revoked: OrganizationEvent = { type: 'PlaqueRevoked', data: { orgId: 'vil-lumiao', plaque, reason: 'x', at } };
      expect(spec.given([lumiaoRegistered, awarded, revoked]).state).toMatchObject({ plaques: [] });
    });

    it('refuses to award a held plaque or revoke one not held', () => {
      spec
        .given([lumiaoRegistered, awarded])
        .when({ type: 'AwardPlaque', plaque, reason: '再次', now })
        .thenFails('ORG.PLAQUE_ALREADY_AWARDED', 'conflict');
      spec
        .given([lumiaoRegistered])
        .when({ type: 'RevokePlaque', plaque, reason: '未达标', now })
        .thenFails('ORG.PLAQUE_NOT_HELD', 'conflict');
    });

    it('needs a plaque name and a reason', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'AwardPlaque', plaque: '', reason: '先进', now })
        .thenFails('ORG.INVALID_PLAQUE', 'invalid');
      spec
        .given([lumiaoRegistered])
        .when({ type: 'AwardPlaque', plaque, reason: ' ', now })
        .thenFails('ORG.REASON_REQUIRED', 'invalid');
    });

    it('commands on an unknown organisation are not found', () => {
      spec
        .given([])
        .when({ type: 'AwardPlaque', plaque, reason: '先进', now })
        .thenFails('ORG.NOT_FOUND', 'not_found');
    });
  });
  describe('commendations and secretary adjustment', () => {
    const basis = { kind: 'ranking' as const, supervisorOrgId: 'twp-liuji', period: '2026', version: 1, rank: 1 };
    const appointed: OrganizationEvent = {
      type: 'SecretaryAppointed',
      data: { orgId: 'vil-lumiao', secretary: { name: '张三', userId: null }, at },
    };

    it('commends an organisation and recommends adjusting its secretary, naming who holds the office', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'CommendOrganization', reason: '2026年度考评第1名', basis, now })
        .then([{ type: 'OrganizationCommended', data: { orgId: 'vil-lumiao', reason: '2026年度考评第1名', basis, at } }]);
      spec
        .given([lumiaoRegistered, appointed])
        .when({ type: 'RecommendSecretaryAdjustment', reason: '连续两年排名末位', basis, now })
        .then([
          {
            type: 'SecretaryAdjustmentRecommended',
            data: { orgId: 'vil-lumiao', secretary: { name: '张三', userId: null }, reason: '连续两年排名末位', basis, at },
          },
        ]);
    });

    it('gives the events of an effect ids derived from it, so a repeat is recognised by the store', () => {
      const command = { type: 'CommendOrganization' as const, reason: '第1名', basis, now, effectId: 'ranking-x-1' };
      const state = spec.given([lumiaoRegistered]).state;
      const first = organizationDecider.decide(command, state);
      const again = organizationDecider.decide(command, state);
      expect(first[0]!.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(again[0]!.eventId).toBe(first[0]!.eventId);
      expect(organizationDecider.decide({ ...command, effectId: 'ranking-x-2' }, state)[0]!.eventId).not.toBe(first[0]!.eventId);
      expect(organizationDecider.decide({ ...command, effectId: undefined }, state)[0]!.eventId).toBeUndefined();
    });

    it('needs a reason', () => {
      spec
        .given([lumiaoRegistered])
        .when({ type: 'RecommendSecretaryAdjustment', reason: ' ', basis, now })
        .thenFails('ORG.REASON_REQUIRED', 'invalid');
    });
  });
});
