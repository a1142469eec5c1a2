import type { Position } from '@app/kernel';

/**
 * The rebuild command's progress: how far through the log (by position, against the head as it
 * was when the command began), events done, events/s and the time left. On a terminal one bar
 * redrawn in place (at most 5 times a second); otherwise (a log file, a CI job) one plain line
 * every 5 seconds, so the output stays readable.
 */
export class RebuildProgress {
  private current = { name: '', started: 0, processed: 0, share: 0 };
  private lastDrawn = 0;

  constructor(
    private readonly head: Position | undefined,
    private readonly out: { write(text: string): unknown },
    private readonly tty: boolean,
  ) {}

  begin(name: string): void {
    this.current = { name, started: Date.now(), processed: 0, share: 0 };
    this.lastDrawn = 0;
  }

  update(processed: number, position: Position): void {
    this.current.processed = processed;
    this.current.share = this.head ? Math.min(1, Number(position.prepare + 1n) / Number(this.head.prepare + 1n)) : 1;
    const now = Date.now();
    if (now - this.lastDrawn < (this.tty ? 200 : 5000)) return;
    this.lastDrawn = now;
    this.draw(now);
  }

  /** Seconds since `begin`. */
  seconds(): number {
    return (Date.now() - this.current.started) / 1000;
  }

  /** Ends the current rebuild; returns its result line. */
  end(events: number): string {
    const seconds = this.seconds();
    this.current.processed = events;
    this.current.share = 1;
    if (this.tty) {
      this.draw(Date.now());
      this.out.write('\n');
    }
    return `Rebuilt ${this.current.name}: ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${perSecond(events, seconds)} events/s)`;
  }

  private draw(now: number): void {
    const { name, started, processed, share } = this.current;
    const seconds = (now - started) / 1000;
    const left = share > 0 && share < 1 ? (seconds * (1 - share)) / share : 0;
    const total = this.head ? ` of ~${(Number(this.head.prepare) + 1).toLocaleString('en')}` : '';
    const figures =
      `${(share * 100).toFixed(0).padStart(3)}% · ${processed.toLocaleString('en')}${total} events · ` +
      `${perSecond(processed, seconds)} events/s · ${seconds.toFixed(1)} s, about ${left.toFixed(0)} s left`;
    if (this.tty) {
      const filled = Math.round(share * 30);
      this.out.write(`\r${name} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${figures}   `);
    } else {
      this.out.write(`${name}: ${figures}\n`);
    }
  }
}

export function perSecond(events: number, seconds: number): string {
  return (seconds > 0 ? Math.round(events / seconds) : 0).toLocaleString('en');
}
