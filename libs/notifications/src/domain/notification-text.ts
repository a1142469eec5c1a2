import type { InboxItemDraft, InboxKind } from './inbox-items.js';

const SUBJECT_NAMES: Record<string, string> = { notice: '督办通知', report: '报告', pledge: '承诺事项' };

// Building a formatter costs ~50x formatting with one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function shanghai(iso: unknown, timeZone: string): string {
  if (typeof iso !== 'string') return '';
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'short', timeStyle: 'short' });
    formatters.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

function span(ms: number): string {
  if (ms >= 86_400_000) return `${Math.round(ms / 86_400_000)}天`;
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)}小时`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)}分钟`;
  return `${Math.round(ms / 1000)}秒`;
}

/** The one-line message of an inbox item, in Chinese, as robots and the inbox show it. */
export function notificationText(
  item: Pick<InboxItemDraft, 'kind' | 'eventType' | 'subjectKind' | 'details'>,
  title: string | null,
  timeZone: string,
): string {
  const period = typeof item.details.period === 'string' ? item.details.period : null;
  // A report's name follows from its period when the deadline board has no row for it (yet).
  const name = title ?? (item.subjectKind === 'report' && period ? `${period} 党建工作报告` : '未命名');
  const what = `${SUBJECT_NAMES[item.subjectKind ?? ''] ?? '事项'}「${name}」`;
  const due = shanghai(item.details.dueAt, timeZone);
  if (item.eventType === 'ReportingObligationOpened') return `【待办】${what}请于 ${due} 前提交。`;
  if (item.eventType === 'ReportReturned') {
    const reasons = Array.isArray(item.details.reasons) ? item.details.reasons.join('；') : '';
    return `【退回】${what}被退回${reasons ? `：${reasons}` : ''}，请修改后重新提交。`;
  }
  const texts: Record<InboxKind, () => string> = {
    reminder: () => `【催办】${what}距截止还有${span(Number(item.details.remindBeforeMs ?? 0))}（截止 ${due}），请按时完成。`,
    overdue: () => `【逾期】${what}已超过截止时间（${due}），尚未完成。`,
    warning: () => `【黄牌警告】${what}逾期未完成（截止 ${due}），已记黄牌警告。`,
    escalation: () => `【升级督办】${what}逾期未完成（截止 ${due}），已报告上级领导并提议约谈。`,
    todo: () => `【待办】${what}逾期升级，请安排约谈。`,
  };
  return texts[item.kind]();
}
