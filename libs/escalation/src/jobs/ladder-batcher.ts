/**
 * Gathers calls that arrive close together and hands them to `flush` as one batch: when
 * `maxSize` are waiting, or `windowMs` after the first one. Each caller gets its own result.
 * Why: a ladder job costs two PostgreSQL round trips (read the subject, append); the worker runs
 * many jobs at once, and one read plus one append for all of them costs far less server time.
 */
export class Batcher<Request, Result> {
  private waiting: Array<{ request: Request; resolve: (result: Result) => void; reject: (error: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Settles every request of the batch (resolves or rejects each one). */
    private readonly flush: (batch: Array<{ request: Request; resolve: (result: Result) => void; reject: (error: unknown) => void }>) => Promise<void>,
    private readonly maxSize: number,
    private readonly windowMs: number,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.waiting.length >= this.maxSize) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.windowMs);
    });
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    // Batches run side by side: the next one gathers while this one is in PostgreSQL.
    this.flush(batch).catch((error: unknown) => {
      for (const entry of batch) entry.reject(error);
    });
  }
}
