import type { DeadlineSource, DeadlineSubject } from '@app/escalation';
import { reportSubjectId } from '@app/kernel';
import { reportDecider, type ReportState } from '../domain/report.decider.js';

/**
 * Report deadlines on the board and under the escalation ladder (催报): the read model folds
 * report streams with the report decider's own evolve, so "when is a report's deadline open"
 * is decided in one place (the first submission closes it).
 */
export const reportDeadlineSource: DeadlineSource<ReportState> = {
  kind: 'report',
  category: 'report',
  initialState: reportDecider.initialState,
  // The decider's own function, not a wrapper: a rebuild shares a fold among the projections that fold with the same one.
  evolve: reportDecider.evolve as DeadlineSource<ReportState>['evolve'],
  describe(state, streamId): DeadlineSubject | null {
    if (state.status === 'none' || !state.deadline || !state.orgId || !state.supervisorOrgId || !state.period) return null;
    return {
      kind: 'report',
      subjectId: reportSubjectId(state.orgId, state.period),
      streamId,
      title: `${state.period} 党建工作报告`,
      targetOrgId: state.orgId,
      supervisorOrgId: state.supervisorOrgId,
      deadline: state.deadline,
    };
  },
};
