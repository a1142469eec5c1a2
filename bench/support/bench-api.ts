import type { Org } from './decided-events.js';

export type BenchHttp = (method: string, path: string, token?: string, body?: unknown, csv?: string) => Promise<any>;

/** A client of the bench's own app: JSON in and out, a non-2xx answer throws with its body. */
export function benchHttp(base: string): { http: BenchHttp; login: (username: string, password: string) => Promise<string> } {
  const http: BenchHttp = async (method, path, token, body, csv) => {
    const response = await fetch(`${base}/${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...(csv ? { 'content-type': 'text/csv' } : {}) },
      body: csv ?? (body ? JSON.stringify(body) : undefined),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const login = async (username: string, password: string) => (await http('POST', 'auth/login', undefined, { username, password })).accessToken as string;
  return { http, login };
}

/**
 * The benches' tree, registered by one CSV import per county: `county` (the root) and counties
 * c001…, each with `townships` townships of `villages` villages. Returns the counties and every
 * township and village with its parent.
 */
export async function importTree(http: BenchHttp, adminToken: string, counties: number, townships: number, villages: number): Promise<{ counties: string[]; orgs: Org[] }> {
  const ids = Array.from({ length: counties }, (_, c) => (c === 0 ? 'county' : `c${String(c).padStart(3, '0')}`));
  const orgs: Org[] = [];
  for (const county of ids) {
    const rows = county === 'county' ? [] : [`${county},${county} 县委,county,`];
    for (let t = 1; t <= townships; t++) {
      const township = `${county}-t${String(t).padStart(2, '0')}`;
      orgs.push({ id: township, parent: county, kind: 'township' });
      rows.push(`${township},${township} 镇党委,township,${county}`);
      for (let v = 1; v <= villages; v++) {
        const village = `${township}-v${String(v).padStart(2, '0')}`;
        orgs.push({ id: village, parent: township, kind: 'village' });
        rows.push(`${village},${village} 村党支部,village,${township}`);
      }
    }
    await http('POST', 'organizations/import', adminToken, undefined, ['id,name,kind,parentId', ...rows].join('\n'));
  }
  return { counties: ids, orgs };
}

/** The organisations by their parent (the supervisor who ranks them). */
export function childrenByParent(orgs: Org[]): Map<string, Org[]> {
  const children = new Map<string, Org[]>();
  for (const org of orgs) children.set(org.parent, [...(children.get(org.parent) ?? []), org]);
  return children;
}
