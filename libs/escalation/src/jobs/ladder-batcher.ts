/**
 * Gathers calls that arrive close together and hands them to `flush` as one batch, the way a
 * database groups commits: while fewer than `maxInFlight` batches are being flushed, a call is
 * flushed at once (no waiting when the worker is quiet); otherwise it waits, and when a batch
 * finishes, everything that gathered meanwhile goes out together (up to `maxSize`). Under load
 * the batches grow by themselves to what one round trip can carry, so a slow disk (a long
 * commit) makes batches larger instead of jobs later. Each caller gets its own result.
 * Why: a ladder job costs two PostgreSQL round trips (read the subject, append); the worker runs
 * many jobs at once, and one read plus one append for all of them costs far less server time.
 */
export class Batcher<Request, Result> {
  private waiting: Array<BatchEntry<Request, Result>> = [];
  private inFlight = 0;

  constructor(
    /** Settles every request of the batch (resolves or rejects each one). */
    private readonly flush: (batch: Array<BatchEntry<Request, Result>>) => Promise<void>,
    private readonly maxSize: number,
    private readonly maxInFlight: number,
    private readonly observe?: (size: number) => void,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      // Let the calls of this tick (a worker hands over several jobs at once) join the batch.
      if (this.waiting.length === 1) queueMicrotask(() => this.pump());
      else if (this.waiting.length >= this.maxSize) this.pump();
    });
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.waiting.splice(0, this.maxSize);
      this.inFlight++;
      this.observe?.(batch.length);
      this.flush(batch)
        .catch((error: unknown) => {
          for (const entry of batch) entry.reject(error);
        })
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}

export interface BatchEntry<Request, Result> {
  request: Request;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}
