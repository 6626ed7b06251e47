/**
 * npm start's progress on stderr: each start-up step on a line with the seconds since the start, and a bar for
 * the long ones (the scenario, the indexing), redrawn in place at a terminal and printed every 10% otherwise.
 * It keeps how long each step took, for the summary and `npm run bench:startup`.
 */
export class Progress {
  private started = Date.now();
  private current?: { name: string; at: number };
  private readonly times: Record<string, number> = {};
  private lastBar = 0;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  /** The step under way, if any. */
  get step(): string | undefined {
    return this.current?.name;
  }

  /** Seconds since the start. */
  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  /** Seconds each finished step took, by name. */
  get stepSeconds(): Record<string, number> {
    return { ...this.times };
  }

  /** Starts a named step (closing the previous one). */
  begin(name: string): void {
    this.end();
    this.current = { name, at: Date.now() };
    this.out.write(`[${this.seconds.toFixed(1).padStart(5)} s] ${name}\n`);
  }

  /** Closes the step under way. */
  end(): void {
    if (this.current) this.times[this.current.name] = (Date.now() - this.current.at) / 1000;
    this.current = undefined;
  }

  /** A progress bar on one line. */
  bar(fraction: number, label: string): void {
    const width = 30;
    const filled = Math.round(fraction * width);
    const text = `  [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${label}`;
    const columns = (this.out.columns ?? 100) - 1;
    if (this.out.isTTY) this.out.write(`\r${text.slice(0, columns).padEnd(columns)}`);
    else if (fraction - this.lastBar >= 0.1 || fraction === 1) {
      this.lastBar = fraction;
      this.out.write(`${text}\n`);
    }
  }

  /** Ends a bar's line. */
  endBar(): void {
    if (this.out.isTTY) this.out.write("\n");
  }
}
