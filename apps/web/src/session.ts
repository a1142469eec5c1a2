import { reactive } from 'vue';

/** What the token says about the user (the API checks it again on every call). */
export interface SessionUser {
  username: string;
  orgId: string;
  roles: string[];
}

const STORAGE_KEY = 'dj.session';

export const session = reactive<{ token: string | null; user: SessionUser | null; expiresAt: number | null }>({ token: null, user: null, expiresAt: null });

/** Reads the JWT's payload (base64url JSON, UTF-8); the signature is the API's business. */
function decode(token: string): { user: SessionUser; expiresAt: number | null } {
  const payload = token.split('.')[1] ?? '';
  const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
  const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as {
    username: string;
    orgId: string;
    roles: string[];
    exp?: number;
  };
  return { user: { username: json.username, orgId: json.orgId, roles: json.roles ?? [] }, expiresAt: json.exp ? json.exp * 1000 : null };
}

export function signIn(token: string): void {
  const { user, expiresAt } = decode(token);
  Object.assign(session, { token, user, expiresAt });
  localStorage.setItem(STORAGE_KEY, token);
}

export function signOut(): void {
  Object.assign(session, { token: null, user: null, expiresAt: null });
  localStorage.removeItem(STORAGE_KEY);
}

export function restoreSession(): void {
  const token = localStorage.getItem(STORAGE_KEY);
  if (!token) return;
  try {
    const { expiresAt } = decode(token);
    if (expiresAt !== null && expiresAt < Date.now()) return signOut();
    signIn(token);
  } catch {
    signOut();
  }
}

export const hasRole = (role: string): boolean => !!session.user?.roles.includes(role);
export const isSupervisor = (): boolean => hasRole('supervisor');
export const isClerk = (): boolean => hasRole('clerk');
/** Where a user starts: a clerk's day begins with its inbox, a supervisor's with the board. */
export const homeRoute = (): string => (isClerk() && !isSupervisor() ? '/inbox' : '/board');
