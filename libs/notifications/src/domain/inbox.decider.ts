import { deterministicId, notFound, type Actor, type Decider, type DomainEvent } from '@app/kernel';

/** The stream that records what an organisation has read (`inbox-<orgId>`). */
export function inboxStream(orgId: string): string {
  return `inbox-${orgId}`;
}

export interface MarkInboxItemRead {
  type: 'MarkInboxItemRead';
  itemId: string;
  /** The organisation the item was made for, as the inbox read model knows it (null: no such item). */
  itemOrgId: string | null;
  now: Date;
  actor: Pick<Actor, 'userId' | 'orgId'>;
}

export type InboxCommand = MarkInboxItemRead;

/** `at` is absent in marks recorded before it was added (the envelope's occurredAt has it). */
export type InboxItemRead = DomainEvent<'InboxItemRead', { itemId: string; orgId: string; at?: string }>;
export type InboxEvent = InboxItemRead;

/** What an organisation has read: item id → when (null: recorded before the time was kept). */
export interface InboxState {
  read: Record<string, string | null>;
}

/**
 * Marking an inbox item read, for the organisation it was made for: another organisation's item
 * is as unknown as a missing one (404); marking twice records it once (the event's id follows
 * from the item, so even a racing second mark is one event).
 */
function decideInbox(command: InboxCommand, state: InboxState): InboxEvent[] {
  if (command.itemOrgId === null || command.itemOrgId !== command.actor.orgId) {
    throw notFound('INBOX.ITEM_NOT_FOUND', 'No such inbox item for your organisation');
  }
  if (command.itemId in state.read) return [];
  return [
    {
      type: 'InboxItemRead',
      eventId: deterministicId('InboxItemRead', command.itemId),
      data: { itemId: command.itemId, orgId: command.itemOrgId, at: command.now.toISOString() },
    },
  ];
}

function evolveInbox(state: InboxState, event: InboxEvent): InboxState {
  if (event.type !== 'InboxItemRead' || event.data.itemId in state.read) return state;
  return { read: { ...state.read, [event.data.itemId]: event.data.at ?? null } };
}

export const inboxDecider: Decider<InboxState, InboxCommand, InboxEvent> = {
  initialState: () => ({ read: {} }),
  decide: decideInbox,
  evolve: evolveInbox,
};
