/** 中文（默认）: every label the app shows. English in en.ts has the same keys. */
export default {
  app: { title: '党建督办', signOut: '退出', language: 'English', langCode: 'en', skip: '跳到主要内容' },
  nav: { board: '督办看板', inbox: '待办', issue: '下发通知', notices: '通知', reports: '报告', rankings: '考核排名', charts: '统计图表', conversations: '诫勉谈话', pledges: '承诺事项' },
  login: { title: '党建督办系统', subtitle: '县乡党建工作督办、报告与考核', username: '用户名', password: '密码', submit: '登录', failed: '用户名或密码错误', throttled: '尝试次数过多，请稍后再试' },
  common: {
    loading: '加载中…', empty: '暂无数据', refresh: '刷新', cancel: '取消', confirm: '确定', save: '保存', submit: '提交', back: '返回', all: '全部', actions: '操作',
    reason: '理由', comment: '意见（可选）', done: '已完成', required: '必填', details: '详情', unit: '单位', status: '状态', dueAt: '截止时间', total: '合计', yes: '是', no: '否',
    period: '期间', township: '乡镇', kind: '类型', light: '灯色', title: '标题', exportExcel: '导出 Excel', time: '时间', by: '操作人',
  },
  light: { red: '红灯（逾期）', yellow: '黄灯（临期）', green: '绿灯（正常）', closed_on_time: '按期办结', closed_late: '逾期办结' },
  lightShort: { red: '红', yellow: '黄', green: '绿', closed_on_time: '按期', closed_late: '逾期办结' },
  kind: { notice: '督办通知', report: '工作报告', pledge: '承诺事项' },
  due: { overdueDays: '已逾期 {n} 天', daysLeft: '剩余 {n} 天', today: '今日到期', workingDays: '{n} 个工作日' },
  board: { title: '督办看板', counts: '共 {total} 项：红灯 {red}，黄灯 {yellow}，绿灯 {green}', org: '责任单位', level: '督办等级', levels: { l0: '正常', l1: '已催办', l2: '黄牌警告', l3: '已上报' } },
  notice: {
    title: '督办通知', basis: '督办依据', severity: '等级', severities: { normal: '一般', major: '重大' }, issuedAt: '下发时间', target: '责任单位', issuer: '下发单位',
    statuses: { issued: '已下发', in_progress: '整改中', closed: '已办结', withdrawn: '已撤回' },
    itemStatuses: { open: '待整改', reported: '已申请销号', verified: '已销号' },
    items: '整改事项', problem: '存在问题', requiredAction: '整改要求', evidence: '整改佐证', rework: '返工 {n} 次', lastRejection: '退回理由', verificationComment: '核实意见',
    acknowledge: '签收', acknowledged: '已签收', acknowledgedLate: '逾期签收', rectify: '申请销号', verify: '核实销号', reject: '退回整改', withdraw: '撤回通知',
    requestExtension: '申请延期', requestedDueAt: '申请延期至', grant: '同意延期', deny: '不同意', extensions: '延期申请', extensionStatuses: { pending: '待审批', granted: '已同意', denied: '未同意' },
    progress: '进展说明', addProgress: '报告进展', timeline: '办理记录', original: '原定截止', none: '暂无通知', withdrawReason: '撤回理由',
    newDueAt: '新的整改期限（可选）',
  },
  issue: {
    title: '下发督办通知', target: '责任单位', dueMode: '整改期限', dueDate: '截止日期', dueWorking: '工作日数', workingDaysHint: '自下发次日起按工作日计（节假日顺延）', addItem: '添加事项', removeItem: '删除', issued: '通知已下发',
    modes: { date: '指定日期', working: '工作日' },
  },
  inbox: { title: '我的待办', unread: '未读 {n} 条', markRead: '标为已读', kinds: { reminder: '催办提醒', warning: '黄牌警告', todo: '待办', escalation: '上报' }, noticesTitle: '收到的督办通知', deadlinesTitle: '我的期限' },
  report: {
    matrix: '报告报送情况', statuses: { due: '待报', draft: '草稿', submitted: '已报', returned: '退回', accepted: '已审', overdue: '逾期未报' },
    late: '逾期报送', submittedAt: '提交时间', open: '查看', form: '季度工作报告', halfYear: '半年工作报告', save: '保存草稿', submitReport: '提交报告', returnReport: '退回', accept: '审核通过',
    returnReasons: '退回理由（每行一条）', prefilled: '系统预填', previousPeriod: '上期数据', sections: '文字部分', figures: '数据部分', saved: '草稿已保存', submitted: '报告已提交', returned: '报告已退回', accepted: '报告已通过',
    returnHistory: '退回记录', acceptComment: '审核意见', history: '办理记录', children: '下级报告', myReport: '本单位报告',
    sectionNames: { organisationBuilding: '组织建设', memberManagement: '党员管理', threeMeetingsOneLesson: '“三会一课”落实', massWork: '联系服务群众', problemsAndPlans: '存在问题及下步打算' },
    figureNames: {
      membersDeveloped: '发展党员', activistsTrained: '培养入党积极分子', trainingSessions: '培训期数', trainingAttendance: '参训人次', meetingsHeld: '三会一课次数', householdsVisited: '走访群众户数',
      opinionsCollected: '收集意见建议', opinionsResolved: '解决意见建议', fundsInvested: '投入经费（元）', noticesIssued: '收到督办通知', noticesClosed: '办结督办通知', noticesClosedOnTime: '按期办结督办通知', pledgesFulfilled: '兑现承诺事项',
    },
  },
  ranking: {
    title: '考核排名', rank: '名次', org: '单位', score: '综合得分', tier: '等次', tiers: { advanced: '先进', standard: '达标', failed: '不达标' }, category: '类别', stars: '星级', change: '较上期', vetoed: '一票否决',
    explain: '得分说明', publish: '发布排名', published: '已发布（第 {v} 版）', draft: '草稿（未发布）', summary: '先进 {advanced} 个，达标 {standard} 个，不达标 {failed} 个，达标率 {rate}%', component: '构成', points: '得分', inputs: '依据', events: '相关事件',
    publishReason: '发布说明（可选）', publishedOk: '排名已发布', none: '该期间暂无已定档的考核', view: '视图', inputNames: { score: '分数', evaluators: '评议人数', groupWeight: '组权重', share: '占比', rate: '比率', count: '次数', max: '上限', onTime: '按期', total: '总数' }, views: { draft: '草稿', published: '已发布' },
  },
  charts: { title: '统计图表', onTime: '各乡镇按期办结率', overdueTrend: '逾期督办事项月度趋势', timeliness: '报告及时率', rate: '按期办结率', overdue: '逾期项数', onTimeReports: '按时报送', lateReports: '逾期报送', missing: '未报' },
  conversation: {
    title: '诫勉谈话', statuses: { proposed: '已提议', scheduled: '已安排', held: '已谈话', closed: '已结束', cancelled: '已取消' }, target: '谈话对象单位', reason: '事由', source: '来源', sources: { escalation: '督办升级', manual: '人工提议', ranking: '考核排名' },
    schedule: '安排谈话', at: '谈话时间', place: '地点', interviewer: '谈话人', hold: '记录谈话', minutes: '谈话记录', commitments: '整改承诺（每行一条）', commitmentsDue: '承诺完成期限', followUp: '跟踪回访', outcome: '回访结果',
    outcomes: { improved: '已改进', not_improved: '未改进' }, notes: '回访说明（可选）', cancel: '取消谈话', none: '暂无谈话', listMissing: '列表接口尚未提供：请从待办或督办看板打开具体谈话。', open: '查看',
  },
  pledge: {
    title: '承诺事项', sign: '签署', fulfil: '兑现', progress: '报告进展', note: '进展说明', evidence: '兑现佐证', statuses: { drafted: '起草', active: '生效', published: '已公开', completed: '已完成' }, kinds: { responsibility: '责任书', public: '公开承诺' },
    term: '期限', signatures: '签署情况', sides: { target: '承诺方', supervisor: '上级' }, items: '承诺事项', weight: '权重', itemStatuses: { open: '未兑现', fulfilled: '已兑现' }, inspect: '督查', rating: '督查评价', ratings: { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' },
    findings: '督查发现', evaluate: '年终评议', leaderComment: '领导评语', publicScore: '群众评议得分', inspections: '督查记录', evaluations: '评议记录', none: '暂无承诺', listMissing: '列表接口尚未提供：请从督办看板打开具体承诺。', open: '查看',
  },
  events: {
    ConversationScheduled: '安排谈话', ConversationHeld: '谈话', ConversationFollowedUp: '跟踪回访', ConversationClosed: '结束', ConversationCancelled: '取消谈话', PledgeDrafted: '起草承诺', PledgeSigned: '签署', PledgePublished: '公开承诺', PledgeItemProgressed: '报告进展', PledgeItemFulfilled: '兑现', PledgeInspected: '督查', PledgeEvaluated: '评议', PledgeCompleted: '全部兑现',
    NoticeIssued: '下发通知', NoticeAcknowledged: '签收', ProgressNoteAdded: '报告进展', ItemRectified: '申请销号', ItemVerified: '核实销号', ItemRejected: '退回整改', ExtensionRequested: '申请延期',
    ExtensionGranted: '同意延期', ExtensionDenied: '不同意延期', NoticeClosed: '办结', NoticeWithdrawn: '撤回', ReminderSent: '催办提醒', DeadlineMissed: '逾期', WarningIssued: '黄牌警告',
    EscalatedToLeadership: '上报领导', ConversationProposed: '提议诫勉谈话', ReportingObligationOpened: '报告任务下达', ReportDraftSaved: '保存草稿', ReportSubmitted: '提交报告', ReportReturned: '退回报告', ReportAccepted: '审核通过',
  },
  validation: { empty: '不能为空', min: '不能小于 {n}', max: '不能大于 {n}', longer: '不能超过 {n} 个字', date: '日期格式不正确', past: '不能早于现在' },
  errors: {
    network: '无法连接服务器，请检查网络后重试。已填写的内容仍保留。', 400: '提交的内容有误，请按提示修改。', 401: '登录已失效，请重新登录。', 403: '无权进行此操作。', 404: '未找到，或不在您的管辖范围内。',
    409: '操作与当前状态冲突（可能已被他人处理），请刷新后重试。', 412: '内容已被修改，请刷新后重试。', 422: '引用的对象不存在。', 429: '操作过于频繁，请稍后再试。', 500: '服务器出错，请联系管理员。', field: '{field}：{message}',
  },
};
