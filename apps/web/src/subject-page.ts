import { onMounted, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from './api';
import { useAction } from './problems';
import type { DialogField } from './components/ActionDialog.vue';

/** The words of an i18n section for a key (a status, a kind, a source), or the key itself where there are none. */
export function useLabel() {
  const { t, te } = useI18n();
  return (prefix: string, key: string | null | undefined): string => (key && te(`${prefix}.${key}`) ? t(`${prefix}.${key}`) : key ?? '—');
}

/** An action on a subject: a dialog with its fields, POSTed as `body` to /<resource>/<id>/<path>. */
export interface SubjectAction {
  title: string;
  path: string;
  fields: DialogField[];
  body: (values: Record<string, string>) => unknown;
}

/**
 * The page of one subject (a conversation, a pledge): GET /<resource>/<id> when it opens and after
 * every action; `start` opens an action's dialog, `decide` sends it and, when it is accepted,
 * closes the dialog and reads the subject again (a refused one keeps the dialog and its values).
 */
export function useSubjectPage<T>(resource: 'conversations' | 'pledges', id: () => string) {
  const subject = ref(null) as Ref<T | null>;
  const load = useAction();
  const act = useAction();
  const dialog = ref<SubjectAction | null>(null);

  async function refresh() {
    const answer = await load.run(() => api<T>('GET', `${resource}/${id()}`));
    if (answer) subject.value = answer;
  }
  onMounted(refresh);

  function start(action: SubjectAction) {
    act.problem.value = null;
    dialog.value = action;
  }
  async function decide(values: Record<string, string>) {
    const action = dialog.value!;
    if (await act.run(() => api('POST', `${resource}/${id()}/${action.path}`, action.body(values)), action.title)) {
      dialog.value = null;
      await refresh();
    }
  }
  return { subject, load, act, dialog, refresh, start, decide };
}
