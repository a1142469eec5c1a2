import type { Position } from '@app/kernel';

interface Finished {
  name: string;
  events: number;
  seconds: number;
}

/**
 * The rebuild command's progress: how far through the log (by position, against the head as it
 * was when the command began), events applied, events/s and the time left. On a terminal one
 * bar redrawn in place (at most 5 times a second); otherwise (a log file, a CI job) one plain
 * line every 5 seconds, so the output stays readable.
 */
export class RebuildProgress {
  private readonly finished: Finished[] = [];
  private readonly started = Date.now();
  private current = { name: '', started: 0, processed: 0, share: 0 };
  private lastDrawn = 0;

  constructor(
    private readonly names: string[],
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

  /** Ends the current projection; returns its result line. */
  end(events: number): string {
    const seconds = (Date.now() - this.current.started) / 1000;
    this.current.processed = events;
    this.current.share = 1;
    if (this.tty) {
      this.draw(Date.now());
      this.out.write('\n');
    }
    this.finished.push({ name: this.current.name, events, seconds });
    return `Rebuilt ${this.current.name}: ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${rate(events, seconds)} events/s)`;
  }

  summary(): string {
    const seconds = (Date.now() - this.started) / 1000;
    const events = this.finished.reduce((sum, f) => sum + f.events, 0);
    const log = this.head ? Number(this.head.prepare) : 0;
    return (
      `Rebuilt ${this.finished.length} projections in ${seconds.toFixed(1)} s: ${events.toLocaleString('en')} events applied in all; ` +
      `the log's ~${log.toLocaleString('en')} events at ${rate(log, seconds)} events/s`
    );
  }

  private draw(now: number): void {
    const { name, started, processed, share } = this.current;
    const seconds = (now - started) / 1000;
    const left = share > 0 && share < 1 ? (seconds * (1 - share)) / share : 0;
    const step = this.names.length > 1 ? `[${this.finished.length + 1}/${this.names.length}] ` : '';
    const figures =
      `${(share * 100).toFixed(0).padStart(3)}% of the log · ${processed.toLocaleString('en')} events applied · ` +
      `${rate(processed, seconds)} events/s · ${seconds.toFixed(1)} s, about ${left.toFixed(0)} s left`;
    if (this.tty) {
      const filled = Math.round(share * 30);
      this.out.write(`\r${step}${name} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${figures}   `);
    } else {
      this.out.write(`${step}${name}: ${figures}\n`);
    }
  }
}

function rate(events: number, seconds: number): string {
  return (seconds > 0 ? Math.round(events / seconds) : 0).toLocaleString('en');
}
