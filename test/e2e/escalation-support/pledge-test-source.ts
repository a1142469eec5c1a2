import { Module, type OnModuleInit } from '@nestjs/common';
import {
  closeDeadline, evolveDeadlineWithLadderEvent, isLadderEvent, moveDeadline, openDeadline, newId,
  type Deadline, type LadderEventData, type NewEvent,
} from '@app/kernel';
import { EventStore } from '@app/event-store';
import { DeadlineSources, EscalationModule, type DeadlineSource } from '@app/escalation';

/**
 * A tiny subject with a deadline, only for the ladder's tests (kind `pledge`, category
 * `pledgetest`), so they do not depend on the notices' progress.
 */
export interface TestSubjectState {
  subjectId: string | null;
  title: string;
  targetOrgId: string;
  supervisorOrgId: string;
  deadline: Deadline | null;
}

export const TEST_CATEGORY = 'pledgetest';

export function testStream(subjectId: string): string {
  return `${TEST_CATEGORY}-${subjectId}`;
}

export const pledgeTestSource: DeadlineSource<TestSubjectState> = {
  kind: 'pledge',
  category: TEST_CATEGORY,
  initialState: () => ({ subjectId: null, title: '', targetOrgId: '', supervisorOrgId: '', deadline: null }),
  evolve(state, event) {
    const data = event.data as Record<string, string>;
    switch (event.type) {
      case 'TestSubjectOpened':
        return { subjectId: data.subjectId!, title: data.title!, targetOrgId: data.targetOrgId!, supervisorOrgId: data.supervisorOrgId!, deadline: openDeadline('pledge', new Date(data.dueAt!)) };
      case 'TestSubjectExtended':
        return state.deadline ? { ...state, deadline: moveDeadline(state.deadline, new Date(data.dueAt!), { extension: true }) } : state;
      case 'TestSubjectClosed':
        return state.deadline ? { ...state, deadline: closeDeadline(state.deadline, new Date(data.at!)) } : state;
      default:
        if (isLadderEvent(event.type) && state.deadline) {
          return { ...state, deadline: evolveDeadlineWithLadderEvent(state.deadline, event.type, event.data as LadderEventData) };
        }
        return state;
    }
  },
  describe(state, streamId) {
    if (!state.subjectId || !state.deadline) return null;
    return { kind: 'pledge', subjectId: state.subjectId, streamId, title: state.title, targetOrgId: state.targetOrgId, supervisorOrgId: state.supervisorOrgId, deadline: state.deadline };
  },
};

@Module({ imports: [EscalationModule] })
export class PledgeTestSourceModule implements OnModuleInit {
  constructor(private readonly sources: DeadlineSources) {}
  onModuleInit(): void {
    if (!this.sources.forCategory(TEST_CATEGORY)) this.sources.register(pledgeTestSource);
  }
}

const meta = { actorId: 'test', actorOrgId: null, actorRoles: [], correlationId: 'test', causationId: null };
const event = (type: string, data: Record<string, unknown>): NewEvent => ({ eventId: newId(), type, schemaVersion: 1, data, metadata: meta, occurredAt: new Date() });

/** Test commands, appended directly (the ladder only reads the stream). */
export async function openSubject(store: EventStore, subjectId: string, dueAt: Date, orgs = { targetOrgId: 'twp-a', supervisorOrgId: 'county' }) {
  await store.append(testStream(subjectId), [event('TestSubjectOpened', { subjectId, title: `subject ${subjectId}`, ...orgs, dueAt: dueAt.toISOString() })], 'no_stream');
}
export async function extendSubject(store: EventStore, subjectId: string, dueAt: Date) {
  await store.append(testStream(subjectId), [event('TestSubjectExtended', { dueAt: dueAt.toISOString() })], 'stream_exists');
}
export async function closeSubject(store: EventStore, subjectId: string) {
  await store.append(testStream(subjectId), [event('TestSubjectClosed', { at: new Date().toISOString() })], 'stream_exists');
}
