import { ref } from 'vue';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiProblem } from './api';
import { i18n } from './i18n';

/**
 * The validator's usual English phrases in the user's language ("title should not be empty" →
 * 不能为空); anything else is shown as the API wrote it, never dropped.
 */
export function translateMessage(message: string): string {
  const t = i18n.global.t;
  const rules: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [/should not be empty|must not be empty|must be a non-empty/i, () => t('validation.empty')],
    [/must not be less than (-?[\d.]+)/i, (m) => t('validation.min', { n: m[1] })],
    [/must not be greater than (-?[\d.]+)/i, (m) => t('validation.max', { n: m[1] })],
    [/must be shorter than or equal to (\d+)/i, (m) => t('validation.longer', { n: m[1] })],
    [/in the past/i, () => t('validation.past')],
    [/ISO 8601|valid date/i, () => t('validation.date')],
  ];
  for (const [pattern, say] of rules) {
    const m = pattern.exec(message);
    if (m) return say(m);
  }
  return message;
}

const FIELD_LABELS: Record<string, string> = {
  title: 'common.title', targetOrgId: 'issue.target', basis: 'notice.basis', severity: 'notice.severity', items: 'notice.items', problem: 'notice.problem', requiredAction: 'notice.requiredAction',
  dueDate: 'issue.dueDate', dueInWorkingDays: 'issue.dueWorking', dueAt: 'common.dueAt', reason: 'common.reason', reasons: 'common.reason', evidence: 'notice.evidence', comment: 'common.comment',
  requestedDueAt: 'notice.requestedDueAt', text: 'notice.progress', username: 'login.username', password: 'login.password',
};

/** A field path of the API (`items.0.problem`, `figures.meetingsHeld`) in the user's words (事项 1 · 存在问题). */
export function fieldLabel(path: string): string {
  const t = i18n.global.t;
  const te = i18n.global.te;
  const parts = path.split('.');
  if ((parts[0] === 'figures' || parts[0] === 'sections') && parts[1]) {
    const key = `report.${parts[0] === 'figures' ? 'figureNames' : 'sectionNames'}.${parts[1]}`;
    return te(key) ? t(key) : parts[1];
  }
  return parts
    .map((part) => (/^\d+$/.test(part) ? `${Number(part) + 1}` : FIELD_LABELS[part] ? t(FIELD_LABELS[part]) : part))
    .join(' · ');
}

/** A sentence for any problem+json answer: the status's meaning, then the API's own detail. */
export function describeProblem(error: unknown): string {
  const t = i18n.global.t;
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  if (error.status === 0) return t('errors.network');
  const key = `errors.${error.status >= 500 ? 500 : error.status}`;
  const general = i18n.global.te(key) ? t(key) : error.title;
  const fields = error.errors.map((e) => t('errors.field', { field: fieldLabel(e.field), message: e.messages.map(translateMessage).join('；') }));
  // With field errors the API's detail only says "see errors"; without them it is the explanation.
  const detail = !fields.length && error.detail && error.detail !== error.title ? error.detail : '';
  return [general, detail, ...fields].filter(Boolean).join(' ');
}

/**
 * The state of one form or action on a page: `run` calls the API, and a problem+json answer is
 * kept (shown beside the named field and in a message) while the form's values stay as typed.
 */
export function useAction() {
  const problem = ref<ApiProblem | null>(null);
  const busy = ref(false);
  async function run<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
    busy.value = true;
    problem.value = null;
    try {
      const result = await action();
      if (success) ElMessage.success(success);
      return result;
    } catch (error) {
      if (error instanceof ApiProblem) problem.value = error;
      ElMessage({ type: 'error', message: describeProblem(error), duration: 6000, showClose: true });
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  /** The API's complaint about one field, for `<el-form-item :error>`. */
  const fieldError = (field: string): string | undefined => problem.value?.forField(field, translateMessage);
  return { problem, busy, run, fieldError };
}
