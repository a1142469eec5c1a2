import type { DeadlineSource } from '@app/escalation';
import { noticeDecider, type NoticeState } from '../domain/notice.decider.js';

/**
 * Notices on the deadline board and under the escalation ladder: the board folds notice streams
 * with the notice's own evolve, so "when is a notice due, closed, extended" is decided in one place.
 */
export const noticeDeadlineSource: DeadlineSource<NoticeState> = {
  kind: 'notice',
  category: 'notice',
  initialState: noticeDecider.initialState,
  // The decider's own function, not a wrapper: a rebuild shares a fold among the projections that fold with the same one.
  evolve: noticeDecider.evolve as DeadlineSource<NoticeState>['evolve'],
  describe(state, streamId) {
    if (!state.exists) return null;
    return {
      kind: 'notice',
      subjectId: state.id,
      streamId,
      title: state.title,
      targetOrgId: state.targetOrgId,
      supervisorOrgId: state.issuerOrgId,
      deadline: state.deadline,
    };
  },
};
