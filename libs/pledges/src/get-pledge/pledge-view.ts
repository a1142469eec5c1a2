import { lightOf, isoOrNull, subjectTimeline, type EscalationLevel, type Light, type RecordedEvent, type SubjectTimelineEntry } from '@app/kernel';
import type { Pledge } from '../domain/pledge.decider.js';
import type { InspectionRating, PledgeOrigin, PledgeSide } from '../domain/pledge.events.js';

/** A pledge as listed (GET /pledges): everything but the timeline. */
export interface PledgeSummary extends Pick<Pledge, 'id' | 'kind' | 'title' | 'term' | 'targetOrgId' | 'supervisorOrgId' | 'pledgedBy' | 'status'> {
  /** The held conversation whose commitments it holds; null when drafted by hand. */
  origin: PledgeOrigin | null;
  draftedAt: string;
  signatures: Array<{ side: PledgeSide; signedBy: string; at: string }>;
  items: Array<{
    id: string;
    content: string;
    weight: number | null;
    dueAt: string;
    status: 'open' | 'fulfilled';
    progressNotes: Array<{ note: string; by: string; at: string }>;
    fulfilledAt: string | null;
    evidence: string | null;
  }>;
  inspections: Array<{ id: string; rating: InspectionRating; findings: string; by: string; at: string }>;
  evaluations: Array<{ id: string; leaderComment: string; publicScore: number; by: string; at: string }>;
  /** The earliest open item's due time once the pledge is live; null before. */
  deadline: { originalDueAt: string; dueAt: string; light: Light; escalationLevel: EscalationLevel } | null;
  completedAt: string | null;
  revision: number;
}

/** A pledge as read (GET /pledges/:id), folded from its stream like a notice. */
export interface PledgeView extends PledgeSummary {
  timeline: SubjectTimelineEntry[];
}

export function toPledgeView(pledge: Pledge, history: RecordedEvent[], now: Date, yellowWithinMs: number): PledgeView {
  const revision = history[history.length - 1]?.streamRevision ?? -1;
  return { ...toPledgeSummary(pledge, revision, now, yellowWithinMs), timeline: subjectTimeline(history) };
}

/** The light is computed here, at read time, from the clock: it never goes stale. */
export function toPledgeSummary(pledge: Pledge, revision: number, now: Date, yellowWithinMs: number): PledgeSummary {
  const { deadline } = pledge;
  return {
    id: pledge.id,
    kind: pledge.kind,
    title: pledge.title,
    term: pledge.term,
    targetOrgId: pledge.targetOrgId,
    supervisorOrgId: pledge.supervisorOrgId,
    pledgedBy: pledge.pledgedBy,
    origin: pledge.origin,
    status: pledge.status,
    draftedAt: pledge.draftedAt.toISOString(),
    signatures: pledge.signatures.map((signature) => ({ ...signature, at: signature.at.toISOString() })),
    items: pledge.items.map((item) => ({
      id: item.id,
      content: item.content,
      weight: item.weight,
      dueAt: item.dueAt.toISOString(),
      status: item.status,
      progressNotes: item.progressNotes.map((note) => ({ ...note, at: note.at.toISOString() })),
      fulfilledAt: isoOrNull(item.fulfilledAt),
      evidence: item.evidence,
    })),
    inspections: pledge.inspections.map((inspection) => ({ ...inspection, at: inspection.at.toISOString() })),
    evaluations: pledge.evaluations.map((evaluation) => ({ ...evaluation, at: evaluation.at.toISOString() })),
    deadline: deadline
      ? {
          originalDueAt: deadline.originalDueAt.toISOString(),
          dueAt: deadline.dueAt.toISOString(),
          light: lightOf(deadline, now, yellowWithinMs),
          escalationLevel: deadline.escalationLevel,
        }
      : null,
    completedAt: isoOrNull(pledge.completedAt),
    revision,
  };
}
