/** Shapes of the API's answers that the pages read (the API's OpenAPI document is the contract). */
export interface Org { id: string; name: string; kind: string; parentId: string | null }
export interface NoticeItem { id: string; problem: string; requiredAction: string; status: 'open' | 'reported' | 'verified'; reworkCount: number; evidence: string | null; dueAt: string | null; lastRejectionReason: string | null; verificationComment: string | null }
export interface ExtensionRequest { id: string; requestedDueAt: string; reason: string; status: 'pending' | 'granted' | 'denied'; requestedAt: string; decidedAt: string | null; denialReason: string | null; grantComment: string | null }
export interface TimelineEntry { type: string; at: string; actorId: string; revision?: number; data?: Record<string, any> }
export interface Notice {
  id: string; issuerOrgId: string; targetOrgId: string; targetOrgName?: string; title: string; basis?: string | null; severity: 'normal' | 'major';
  status: 'issued' | 'in_progress' | 'closed' | 'withdrawn'; issuedAt: string; acknowledgedAt?: string | null; acknowledgedLate?: boolean; closedAt?: string | null; withdrawReason?: string | null;
  items: NoticeItem[]; deadline: { originalDueAt: string; dueAt: string; light: string; escalationLevel: number; extensions: number };
  extensionRequests?: ExtensionRequest[]; revision: number; timeline?: TimelineEntry[];
}
export interface InboxItem { id: string; kind: string; eventType: string; subjectKind: string; subjectId: string; title: string; text: string; at: string; read: boolean }

/** The end of a calendar day in the county (a due day ends at 24:00 there), as an instant. */
export const endOfBusinessDay = (day: string): string => new Date(`${day}T23:59:59+08:00`).toISOString();
