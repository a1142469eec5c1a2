import { deterministicId, reportSubjectId, type RecordedEvent } from '@app/kernel';

export const INBOX_KINDS = ['reminder', 'overdue', 'warning', 'escalation', 'todo'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** One notification for one organisation, derived from one event. */
export interface InboxItemDraft {
  id: string;
  orgId: string;
  kind: InboxKind;
  eventId: string;
  eventType: string;
  streamId: string;
  subjectKind: string | null;
  subjectId: string | null;
  /** The subject's stream (for a conversation proposal: the escalated subject's). */
  subjectStream: string;
  occurredAt: Date;
  details: Record<string, unknown>;
}

export function inboxItemId(eventId: string, orgId: string): string {
  return deterministicId('inbox', eventId, orgId);
}

/**
 * Who is told what (DESIGN §5): a reminder goes to the organisation that must act; level 1 and
 * the warning to it and to the supervisor (the issuer); the escalation to the supervisor's
 * leadership and the target; a conversation the ladder proposes is a to-do for the supervisor.
 */
export function inboxItemsFor(event: Pick<RecordedEvent, 'eventId' | 'type' | 'streamId' | 'occurredAt' | 'data'>): InboxItemDraft[] {
  const data = event.data as Record<string, unknown>;
  const target = typeof data.targetOrgId === 'string' ? data.targetOrgId : '';
  const supervisor = typeof data.supervisorOrgId === 'string' ? data.supervisorOrgId : '';
  const recipients = (pairs: Array<[string, InboxKind]>) =>
    pairs
      .filter(([org]) => org !== '')
      .map(([orgId, kind]): InboxItemDraft => {
        const conversation = event.type === 'ConversationProposed';
        return {
          id: inboxItemId(event.eventId, orgId),
          orgId,
          kind,
          eventId: event.eventId,
          eventType: event.type,
          streamId: event.streamId,
          subjectKind: conversation ? (data.subjectKind as string) ?? null : (data.kind as string) ?? null,
          subjectId: typeof data.subjectId === 'string' ? data.subjectId : event.streamId.slice(event.streamId.indexOf('-') + 1),
          subjectStream: conversation ? (data.subjectStream as string) ?? event.streamId : event.streamId,
          occurredAt: event.occurredAt,
          details: data,
        };
      });
  switch (event.type) {
    case 'ReminderSent':
      return recipients([[target, 'reminder']]);
    case 'DeadlineMissed':
      return recipients([[target, 'overdue'], [supervisor, 'overdue']]);
    case 'WarningIssued':
      return recipients([[target, 'warning'], [supervisor, 'warning']]);
    case 'EscalatedToLeadership':
      return recipients([[supervisor, 'escalation'], [target, 'escalation']]);
    case 'ConversationProposed':
      // The ladder's proposal is a to-do for the supervisor; one proposed by hand is the supervisor's own act.
      return data.source === 'manual' ? [] : recipients([[supervisor, 'todo']]);
    // A report obligation is a to-do for the reporting organisation from the day its period
    // opens, and again when the supervisor returns the report (以报促改).
    case 'ReportingObligationOpened':
    case 'ReportReturned':
      return reportItems(event, data);
    default:
      return [];
  }
}

function reportItems(event: Pick<RecordedEvent, 'eventId' | 'type' | 'streamId' | 'occurredAt'>, data: Record<string, unknown>): InboxItemDraft[] {
  if (typeof data.orgId !== 'string' || typeof data.period !== 'string') return [];
  return [
    {
      id: inboxItemId(event.eventId, data.orgId),
      orgId: data.orgId,
      kind: 'todo',
      eventId: event.eventId,
      eventType: event.type,
      streamId: event.streamId,
      subjectKind: 'report',
      subjectId: reportSubjectId(data.orgId, data.period),
      subjectStream: event.streamId,
      occurredAt: event.occurredAt,
      details: data,
    },
  ];
}

