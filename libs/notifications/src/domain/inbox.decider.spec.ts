import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import { inboxDecider, type MarkInboxItemRead } from './inbox.decider.js';

const spec = deciderSpec(inboxDecider);
const now = new Date('2026-11-02T02:00:00.000Z');
const mark = (overrides: Partial<MarkInboxItemRead> = {}): MarkInboxItemRead => ({
  type: 'MarkInboxItemRead',
  itemId: 'item-1',
  itemOrgId: 'twp-a',
  now,
  actor: { userId: 'u-clerk', orgId: 'twp-a' },
  ...overrides,
});

describe('marking an inbox item read', () => {
  it('records the mark once, with its time', () => {
    const [event] = spec.given([]).when(mark()).thenEvents();
    expect(event).toMatchObject({ type: 'InboxItemRead', data: { itemId: 'item-1', orgId: 'twp-a', at: now.toISOString() } });
    expect(event!.eventId).toBeDefined();
    expect(spec.given([event!]).when(mark()).thenEvents()).toEqual([]);
  });

  it('treats another organisation\'s item and a missing one alike: not found', () => {
    spec.given([]).when(mark({ itemOrgId: 'twp-b' })).thenFails('INBOX.ITEM_NOT_FOUND', 'not_found');
    spec.given([]).when(mark({ itemOrgId: null })).thenFails('INBOX.ITEM_NOT_FOUND', 'not_found');
  });
});
