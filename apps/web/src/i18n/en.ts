import type zh from './zh-CN';

/** English, the second locale: the same keys as zh-CN.ts (the type checker holds them together). */
const en: typeof zh = {
  app: { title: 'Party-building supervision', signOut: 'Sign out', language: '中文', langCode: 'zh-CN', skip: 'Skip to the content' },
  nav: { board: 'Board', inbox: 'Inbox', issue: 'Issue notice', notices: 'Notices', reports: 'Reports', rankings: 'Rankings', charts: 'Charts', conversations: 'Conversations', pledges: 'Pledges' },
  login: { title: 'Party-building supervision', subtitle: 'Supervision, reports and assessment for the county and its townships', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Wrong username or password', throttled: 'Too many attempts, try again later' },
  common: {
    loading: 'Loading…', empty: 'Nothing here', refresh: 'Refresh', cancel: 'Cancel', confirm: 'OK', save: 'Save', submit: 'Submit', back: 'Back', all: 'All', actions: 'Actions',
    reason: 'Reason', comment: 'Comment (optional)', done: 'Done', required: 'Required', details: 'Details', unit: 'Organisation', status: 'Status', dueAt: 'Due', total: 'Total', yes: 'Yes', no: 'No',
    period: 'Period', township: 'Township', kind: 'Kind', light: 'Light', title: 'Title', exportExcel: 'Export Excel', time: 'Time', by: 'By',
  },
  light: { red: 'Red (overdue)', yellow: 'Yellow (due soon)', green: 'Green (on track)', closed_on_time: 'Closed on time', closed_late: 'Closed late' },
  lightShort: { red: 'Red', yellow: 'Yellow', green: 'Green', closed_on_time: 'On time', closed_late: 'Late' },
  kind: { notice: 'Notice', report: 'Report', pledge: 'Pledge' },
  due: { overdueDays: '{n} days overdue', daysLeft: '{n} days left', today: 'Due today', workingDays: '{n} working days' },
  board: { title: 'Deadline board', counts: '{total} in all: {red} red, {yellow} yellow, {green} green', org: 'Organisation', level: 'Escalation', levels: { l0: 'None', l1: 'Reminded', l2: 'Warned', l3: 'Escalated' } },
  notice: {
    title: 'Supervision notice', basis: 'Basis', severity: 'Severity', severities: { normal: 'Normal', major: 'Major' }, issuedAt: 'Issued', target: 'Target', issuer: 'Issuer',
    statuses: { issued: 'Issued', in_progress: 'In progress', closed: 'Closed', withdrawn: 'Withdrawn' },
    itemStatuses: { open: 'Open', reported: 'Reported', verified: 'Verified' },
    items: 'Items', problem: 'Problem', requiredAction: 'Required action', evidence: 'Evidence', rework: 'Reworked {n}×', lastRejection: 'Rejected because', verificationComment: 'Verification comment',
    acknowledge: 'Acknowledge', acknowledged: 'Acknowledged', acknowledgedLate: 'Acknowledged late', rectify: 'Report rectified', verify: 'Verify', reject: 'Reject', withdraw: 'Withdraw',
    requestExtension: 'Request extension', requestedDueAt: 'Extend to', grant: 'Grant', deny: 'Deny', extensions: 'Extension requests', extensionStatuses: { pending: 'Pending', granted: 'Granted', denied: 'Denied' },
    progress: 'Progress note', addProgress: 'Add progress', timeline: 'Timeline', original: 'Originally due', none: 'No notices', withdrawReason: 'Withdrawal reason',
    newDueAt: 'New due date (optional)',
  },
  issue: {
    title: 'Issue a supervision notice', target: 'Target', dueMode: 'Deadline', dueDate: 'Due date', dueWorking: 'Working days', workingDaysHint: 'Counted in working days from the day after issue (holidays skipped)', addItem: 'Add item', removeItem: 'Remove', issued: 'Notice issued',
    modes: { date: 'Date', working: 'Working days' },
  },
  inbox: { title: 'My inbox', unread: '{n} unread', markRead: 'Mark read', kinds: { reminder: 'Reminder', warning: 'Warning', todo: 'To-do', escalation: 'Escalation' }, noticesTitle: 'Notices received', deadlinesTitle: 'My deadlines' },
  report: {
    matrix: 'Report submissions', statuses: { due: 'Due', draft: 'Draft', submitted: 'Submitted', returned: 'Returned', accepted: 'Accepted', overdue: 'Overdue' },
    late: 'Submitted late', submittedAt: 'Submitted', open: 'Open', form: 'Quarterly report', halfYear: 'Half-yearly report', save: 'Save draft', submitReport: 'Submit report', returnReport: 'Return', accept: 'Accept',
    returnReasons: 'Reasons (one per line)', prefilled: 'Prefilled by the system', previousPeriod: 'From last period', sections: 'Narrative', figures: 'Figures', saved: 'Draft saved', submitted: 'Report submitted', returned: 'Report returned', accepted: 'Report accepted',
    returnHistory: 'Returned because', acceptComment: 'Review comment', history: 'History', children: 'Reports of my organisations', myReport: 'Our report',
    sectionNames: { organisationBuilding: 'Organisation building', memberManagement: 'Member management', threeMeetingsOneLesson: 'Three meetings, one lesson', massWork: 'Work with the people', problemsAndPlans: 'Problems and plans' },
    figureNames: {
      membersDeveloped: 'Members developed', activistsTrained: 'Activists trained', trainingSessions: 'Training sessions', trainingAttendance: 'Training attendance', meetingsHeld: 'Meetings held', householdsVisited: 'Households visited',
      opinionsCollected: 'Opinions collected', opinionsResolved: 'Opinions resolved', fundsInvested: 'Funds invested (yuan)', noticesIssued: 'Notices received', noticesClosed: 'Notices closed', noticesClosedOnTime: 'Notices closed on time', pledgesFulfilled: 'Pledge items fulfilled',
    },
  },
  ranking: {
    title: 'Rankings', rank: 'Rank', org: 'Organisation', score: 'Score', tier: 'Tier', tiers: { advanced: 'Advanced', standard: 'Qualified', failed: 'Failed' }, category: 'Category', stars: 'Stars', change: 'Change', vetoed: 'Vetoed',
    explain: 'Explanation', publish: 'Publish', published: 'Published (version {v})', draft: 'Draft (not published)', summary: '{advanced} advanced, {standard} qualified, {failed} failed; attainment {rate}%', component: 'Component', points: 'Points', inputs: 'Inputs', events: 'Events',
    publishReason: 'Note (optional)', publishedOk: 'Ranking published', none: 'No finalized assessments for this period', view: 'View', inputNames: { score: 'score', evaluators: 'evaluators', groupWeight: 'group weight', share: 'share', rate: 'rate', count: 'count', max: 'cap', onTime: 'on time', total: 'total' }, views: { draft: 'Draft', published: 'Published' },
  },
  charts: { title: 'Charts', onTime: 'On-time closure rate by township', overdueTrend: 'Overdue deadlines by month', timeliness: 'Report timeliness', rate: 'On-time rate', overdue: 'Overdue', onTimeReports: 'On time', lateReports: 'Late', missing: 'Missing' },
  conversation: {
    title: 'Admonishment conversations', statuses: { proposed: 'Proposed', scheduled: 'Scheduled', held: 'Held', closed: 'Closed', cancelled: 'Cancelled' }, target: 'Organisation', reason: 'Reason', source: 'Source', sources: { escalation: 'Escalation', manual: 'By hand', ranking: 'Ranking' },
    schedule: 'Schedule', at: 'Time', place: 'Place', interviewer: 'Interviewer', hold: 'Record as held', minutes: 'Minutes', commitments: 'Commitments (one per line)', commitmentsDue: 'Commitments due', followUp: 'Follow up', outcome: 'Outcome',
    outcomes: { improved: 'Improved', not_improved: 'Not improved' }, notes: 'Notes (optional)', cancel: 'Cancel conversation', none: 'No conversations', listMissing: 'No list endpoint yet: open a conversation from the inbox or the board.', open: 'Open',
  },
  pledge: {
    title: 'Pledges', sign: 'Sign', fulfil: 'Fulfil', progress: 'Add progress', note: 'Progress note', evidence: 'Evidence', statuses: { drafted: 'Drafted', active: 'Active', published: 'Published', completed: 'Completed' }, kinds: { responsibility: 'Responsibility letter', public: 'Public pledge' },
    term: 'Term', signatures: 'Signatures', sides: { target: 'Pledging side', supervisor: 'Supervisor' }, items: 'Items', weight: 'Weight', itemStatuses: { open: 'Open', fulfilled: 'Fulfilled' }, inspect: 'Inspect', rating: 'Rating', ratings: { excellent: 'Excellent', good: 'Good', fair: 'Fair', poor: 'Poor' },
    findings: 'Findings', evaluate: 'Evaluate', leaderComment: 'Leader comment', publicScore: 'Public score', inspections: 'Inspections', evaluations: 'Evaluations', none: 'No pledges', listMissing: 'No list endpoint yet: open a pledge from the board.', open: 'Open',
  },
  events: {
    ConversationScheduled: 'Scheduled', ConversationHeld: 'Held', ConversationFollowedUp: 'Followed up', ConversationClosed: 'Closed', ConversationCancelled: 'Cancelled', PledgeDrafted: 'Drafted', PledgeSigned: 'Signed', PledgePublished: 'Published', PledgeItemProgressed: 'Progress', PledgeItemFulfilled: 'Fulfilled', PledgeInspected: 'Inspected', PledgeEvaluated: 'Evaluated', PledgeCompleted: 'Completed',
    NoticeIssued: 'Issued', NoticeAcknowledged: 'Acknowledged', ProgressNoteAdded: 'Progress note', ItemRectified: 'Reported rectified', ItemVerified: 'Verified', ItemRejected: 'Rejected', ExtensionRequested: 'Extension requested',
    ExtensionGranted: 'Extension granted', ExtensionDenied: 'Extension denied', NoticeClosed: 'Closed', NoticeWithdrawn: 'Withdrawn', ReminderSent: 'Reminder', DeadlineMissed: 'Deadline missed', WarningIssued: 'Warning',
    EscalatedToLeadership: 'Escalated', ConversationProposed: 'Conversation proposed', ReportingObligationOpened: 'Report due', ReportDraftSaved: 'Draft saved', ReportSubmitted: 'Submitted', ReportReturned: 'Returned', ReportAccepted: 'Accepted',
  },
  validation: { empty: 'must not be empty', min: 'must be at least {n}', max: 'must be at most {n}', longer: 'must be at most {n} characters', date: 'is not a valid date', past: 'must not be in the past' },
  errors: {
    network: 'The server cannot be reached. Check the network and try again; what you typed is kept.', 400: 'Please correct the marked fields.', 401: 'Your session has ended; please sign in again.', 403: 'You may not do this.', 404: 'Not found, or outside your organisations.',
    409: 'This conflicts with the current state (someone may have acted already); refresh and try again.', 412: 'It was changed meanwhile; refresh and try again.', 422: 'It refers to something that does not exist.', 429: 'Too many requests; try again shortly.', 500: 'Server error; please tell the administrator.', field: '{field}: {message}',
  },
};
export default en;
