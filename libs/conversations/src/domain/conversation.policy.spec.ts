import type { Actor } from '@app/kernel';
import { refusal } from '../../../kernel/src/testing/refusal.js';
import { ACCESS_FORBIDDEN, type OrgFacts } from '@app/access';
import { CONVERSATION_ERRORS as E } from './conversation.decider.js';
import { authorizeConversation, type ConversationIntent } from './conversation.policy.js';

const actor = (orgId: string, roles: Actor['roles']): Actor => ({ userId: `u-${orgId}`, username: `u-${orgId}`, orgId, roles });
const TARGET: OrgFacts = { id: 'twp-a', parentId: 'county', ancestors: ['county'] };
const conversation = { supervisorOrgId: 'county' };
const COMMANDS: ConversationIntent[] = ['ScheduleConversation', 'HoldConversation', 'FollowUpConversation', 'CancelConversation'];

describe('conversation policy (who may do what with a conversation)', () => {
  it('lets whoever reads the target read it; outside the subtree it does not exist (404)', () => {
    for (const reader of [actor('county', ['viewer']), actor('twp-a', ['clerk']), actor('county', ['supervisor']), actor('elsewhere', ['admin'])]) {
      expect(refusal(() => authorizeConversation(reader, 'read', conversation, TARGET))).toBeNull();
    }
    expect(refusal(() => authorizeConversation(actor('twp-b', ['supervisor']), 'read', conversation, TARGET))).toEqual({ code: E.NOT_FOUND, kind: 'not_found' });
    expect(refusal(() => authorizeConversation(actor('twp-b', ['supervisor']), 'HoldConversation', conversation, TARGET))).toEqual({ code: E.NOT_FOUND, kind: 'not_found' });
  });

  it('lets only a supervisor of the target’s parent run it (403 for other roles, the target itself and an admin)', () => {
    for (const intent of COMMANDS) {
      expect(refusal(() => authorizeConversation(actor('county', ['supervisor']), intent, conversation, TARGET))).toBeNull();
      for (const other of [actor('county', ['viewer']), actor('twp-a', ['clerk', 'supervisor']), actor('county', ['admin'])]) {
        expect(refusal(() => authorizeConversation(other, intent, conversation, TARGET))).toEqual({ code: ACCESS_FORBIDDEN, kind: 'forbidden' });
      }
    }
  });

  it('and only of the organisation the conversation names: after the target moved, the new parent did not propose it (403)', () => {
    const moved: OrgFacts = { id: 'twp-a', parentId: 'county-2', ancestors: ['root', 'county-2'] };
    for (const intent of COMMANDS) {
      expect(refusal(() => authorizeConversation(actor('county-2', ['supervisor']), intent, conversation, moved))).toEqual({ code: E.NOT_SUPERVISOR, kind: 'forbidden' });
    }
  });
});
