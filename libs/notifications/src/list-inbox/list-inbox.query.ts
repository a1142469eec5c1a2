import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { InboxRequest, InboxResponse } from './list-inbox.request.dto.js';

export class ListInboxQuery extends Query<InboxResponse> {
  constructor(readonly actor: Actor, readonly request: InboxRequest) {
    super();
  }
}
