import { Injectable } from '@nestjs/common';
import { foldRecorded, isUuid, type Actor, type Decider, type DomainError, type DomainEvent, type RecordedEvent } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { canRead } from '../domain/authorization.js';
import { OrganizationDirectory, type OrganizationRecord } from './organization-directory.js';

export interface ReadableSubject<Subject> {
  subject: Subject;
  /** Facts of the subject's target organisation (scope checks are made against it). */
  target: OrganizationRecord;
  history: RecordedEvent[];
  revision: number;
}

/**
 * Loads a subject that concerns one organisation (a notice, a conversation) from its stream, always
 * current, so a command or a read right after a write sees it. A malformed or unknown id and a
 * subject outside the caller's subtree get the same answer (`missing`, a 404): probing ids reveals
 * nothing.
 */
@Injectable()
export class SubjectAccess {
  constructor(private readonly store: EventStore, private readonly organizations: OrganizationDirectory) {}

  async load<Subject extends { exists: true; targetOrgId: string }, Event extends DomainEvent>(
    actor: Actor,
    id: string,
    kind: {
      streamOf: (id: string) => string;
      /** Folds the stream into `{exists: false}` until the subject is created, then the subject. */
      decider: Pick<Decider<{ exists: false } | Subject, never, Event>, 'initialState' | 'evolve'>;
      missing: () => DomainError;
      /**
       * The context's own pure access policy for this subject (who may read it, who may act on
       * it), given the loaded subject and its target: it throws the refusal. Without one, whoever
       * may read the target sees the subject; anyone else gets `missing`.
       */
      authorize?: (subject: Subject, target: OrganizationRecord) => void;
    },
  ): Promise<ReadableSubject<Subject>> {
    if (!isUuid(id)) throw kind.missing();
    const history = await this.store.readStream(kind.streamOf(id));
    const subject = foldRecorded(kind.decider, history);
    if (!subject.exists) throw kind.missing();
    // The target was readable when the subject was created; a target missing from the tree read
    // model (being rebuilt) is treated as unknown rather than readable by everyone.
    const target = await this.organizations.get(subject.targetOrgId);
    if (!target) throw kind.missing();
    if (kind.authorize) kind.authorize(subject, target);
    else if (!canRead(actor, target)) throw kind.missing();
    return { subject, target, history, revision: history[history.length - 1]!.streamRevision };
  }
}
