import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';

/**
 * The BullMQ queues bull-board shows besides the ladder's: a context that owns a queue (reporting's
 * period opening) adds it when its queue is made, so escalation never imports that context.
 */
@Injectable()
export class BoardQueues {
  readonly queues: Queue[] = [];

  add(queue: Queue): void {
    if (!this.queues.includes(queue)) this.queues.push(queue);
  }
}
