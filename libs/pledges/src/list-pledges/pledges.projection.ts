import { FoldedSubjectsProjection } from '@app/event-store';
import { pledgeDecider, type PledgeState } from '../domain/pledge.decider.js';
import type { PledgeEvent } from '../domain/pledge.events.js';

export const PLEDGES_TABLE = 'pledges';

/** `read.pledges`: each pledge folded with the decider's own evolve (ladder steps included), for GET /pledges. */
export const pledgesProjection = () =>
  new FoldedSubjectsProjection<PledgeState, PledgeEvent>('pledges.list', 'pledge', PLEDGES_TABLE, pledgeDecider, (state) =>
    state.exists
      ? { id: state.id, targetOrgId: state.targetOrgId, supervisorOrgId: state.supervisorOrgId, status: state.status, startedAt: state.draftedAt }
      : null,
  );
