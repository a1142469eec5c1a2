import type { DeadlineSource, DeadlineSubject } from '@app/escalation';
import { pledgeDecider, type PledgeState } from '../domain/pledge.decider.js';

/**
 * Pledges on the deadline board and under the escalation ladder: one deadline per pledge, the due
 * time of its earliest open item once it is live, folded with the pledge's own evolve (it moves to
 * the next item when one is fulfilled and closes with the last). A public pledge of an organisation
 * without a parent has nobody to supervise it and stays off the board.
 */
export const pledgeDeadlineSource: DeadlineSource<PledgeState> = {
  kind: 'pledge',
  category: 'pledge',
  initialState: pledgeDecider.initialState,
  // The decider's own function, not a wrapper: a rebuild shares a fold among the projections that fold with the same one.
  evolve: pledgeDecider.evolve as DeadlineSource<PledgeState>['evolve'],
  describe(state, streamId): DeadlineSubject | null {
    if (!state.exists || !state.deadline || !state.supervisorOrgId) return null;
    return {
      kind: 'pledge',
      subjectId: state.id,
      streamId,
      title: state.title,
      targetOrgId: state.targetOrgId,
      supervisorOrgId: state.supervisorOrgId,
      deadline: state.deadline,
    };
  },
};
