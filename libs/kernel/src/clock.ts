/** The only way domain code learns the time: handlers read it once and pass it in the command. */
export abstract class Clock {
  abstract now(): Date;
}

/* eslint-disable no-restricted-syntax -- the one place that reads the system clock */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests move by hand, so a whole quarter can run in milliseconds. */
export class ControllableClock extends Clock {
  private current: number;
  constructor(start: Date | string = new Date()) {
    super();
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }
  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
