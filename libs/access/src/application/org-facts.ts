import { Injectable } from '@nestjs/common';
import { foldRecorded, type RecordedEvent } from '@app/kernel';
import { EventStore } from '@app/event-store';
import type { OrgFacts } from '../domain/authorization.js';
import type { OrganizationRecord } from './organization-directory.js';
import {
  type OrgRef,
  type OrganizationState,
  organizationDecider,
  organizationStream,
} from '../domain/organization.decider.js';

export type RegisteredOrganization = Exclude<OrganizationState, { status: 'unregistered' }>;

const refOf = (state: RegisteredOrganization): OrgRef => ({ kind: state.kind, merged: state.status === 'merged' });

/** The tree is at most county → township → village (+ organs); a longer chain means bad data. */
const MAX_DEPTH = 16;

/**
 * Facts about organisations read from their streams, not from the read model: a command must
 * see an organisation registered a moment ago (a CSV import registers parents, then children).
 */
@Injectable()
export class OrganizationStreams {
  constructor(private readonly store: EventStore) {}

  async state(id: string): Promise<OrganizationState> {
    return (await this.read(id)).state;
  }

  /** The stream and its folded state, so a command can hand the history on to the CommandRunner. */
  async read(id: string): Promise<{ state: OrganizationState; history: RecordedEvent[] }> {
    const history = await this.store.readStream(organizationStream(id));
    const state = foldRecorded(organizationDecider, history);
    return { state, history };
  }

  async ref(id: string): Promise<OrgRef | null> {
    const state = await this.state(id);
    return state.status === 'unregistered' ? null : refOf(state);
  }

  /** Refs of those of `ids` that are registered, read in batches of streams (one round trip each where the store can). */
  async refs(ids: string[]): Promise<Map<string, OrgRef>> {
    const found = new Map<string, OrgRef>();
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const streams = await this.store.readStreamsForFolding(batch.map(organizationStream));
      for (const id of batch) {
        const state = foldRecorded(organizationDecider, streams.get(organizationStream(id)) ?? []);
        if (state.status !== 'unregistered') found.set(id, refOf(state));
      }
    }
    return found;
  }

  /**
   * The organisation as the directory describes it, from the streams: for one registered so
   * recently that the tree read model does not have it yet. Null when unknown.
   */
  async record(id: string): Promise<OrganizationRecord | null> {
    const found = await this.current(id);
    if (!found) return null;
    const { state, ancestors } = found;
    return {
      id,
      parentId: state.parentId,
      ancestors,
      name: state.name,
      kind: state.kind,
      merged: state.status === 'merged',
      secretaryName: state.secretary?.name ?? null,
    };
  }

  /** A registered organisation's state, ancestors (root first) and stream revision; null when unknown. */
  async current(id: string): Promise<{ state: RegisteredOrganization; ancestors: string[]; revision: number } | null> {
    const { state, history } = await this.read(id);
    if (state.status === 'unregistered') return null;
    return { state, ancestors: await this.ancestorsOf(state.parentId), revision: history[history.length - 1]!.streamRevision };
  }

  /** Id, parent and ancestors (root first) by walking the parents' streams; null when unknown. */
  async facts(id: string): Promise<OrgFacts | null> {
    return (await this.factsWithHistory(id))?.facts ?? null;
  }

  /** The facts and the organisation's own stream as read for them. */
  async factsWithHistory(id: string): Promise<{ facts: OrgFacts; history: RecordedEvent[] } | null> {
    const { state, history } = await this.read(id);
    if (state.status === 'unregistered') return null;
    const ancestors = await this.ancestorsOf(state.parentId);
    return { facts: { id, parentId: state.parentId, ancestors }, history };
  }

  /** Ancestors, root first, by walking the parents' streams up from `parentId`. */
  private async ancestorsOf(parentId: string | null): Promise<string[]> {
    const ancestors: string[] = [];
    let next = parentId;
    while (next !== null && ancestors.length < MAX_DEPTH) {
      ancestors.unshift(next);
      const parent = await this.state(next);
      next = parent.status === 'unregistered' ? null : parent.parentId;
    }
    return ancestors;
  }
}
