import { session, signOut } from './session';

/** One field's complaint in a problem+json answer (`errors: [{field, messages}]`). */
export interface FieldProblem {
  field: string;
  messages: string[];
}

/** An `application/problem+json` answer of the API, kept whole so a page can name the field. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
    readonly errors: FieldProblem[],
  ) {
    super(detail ?? title);
  }

  /** The messages for one form field; a field path such as `items.0.problem` also matches `items`. */
  forField(field: string, translate: (message: string) => string = (m) => m): string | undefined {
    const hit = this.errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`));
    return hit.length ? hit.flatMap((e) => e.messages.map(translate)).join('；') : undefined;
  }
}

/** A random key: crypto.randomUUID exists only in secure contexts, and the county network serves plain http. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

type Method = 'GET' | 'POST' | 'PUT';

/**
 * Calls the API under /api/v1 with the session's token. Commands carry an Idempotency-Key, so a
 * retried click never acts twice. A 401 ends the session (expired token): the router shows sign-in.
 */
export async function api<T>(method: Method, path: string, body?: unknown, options: { idempotencyKey?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? newKey();
  let response: Response;
  try {
    response = await fetch(`/api/v1/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiProblem(0, 'network', undefined, 'NETWORK', []);
  }
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && path !== 'auth/login') signOut();
    const p = (parsed ?? {}) as { title?: string; detail?: string; code?: string; errors?: FieldProblem[] };
    throw new ApiProblem(response.status, p.title ?? response.statusText, p.detail, p.code, Array.isArray(p.errors) ? p.errors : []);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Downloads a file the API answers (Excel exports), with the bearer token a plain link cannot carry. */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(`/api/v1/${path}`, { headers: { authorization: `Bearer ${session.token}` } });
  if (!response.ok) {
    const p = safeJson(await response.text()) as { title?: string; detail?: string; code?: string; errors?: FieldProblem[] } | undefined;
    throw new ApiProblem(response.status, p?.title ?? response.statusText, p?.detail, p?.code, p?.errors ?? []);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const q = (params: Record<string, string | number | undefined | null>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};
