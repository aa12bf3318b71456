/**
 * The seed's progress: a bar with the rate and the time left, redrawn in place on a terminal,
 * and nothing at all when the output is a file or a pipe (CI logs, tests).
 */
export interface Progress {
  /** what is being written now, e.g. the department */
  label(text: string): void;
  add(rows: number): void;
  finish(): void;
}

export const silentProgress: Progress = { label: () => {}, add: () => {}, finish: () => {} };

interface Terminal {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

const WIDTH = 24;

function count(n: number): string {
  return n >= 1e6
    ? `${(n / 1e6).toFixed(2)}M`
    : n >= 1e4
      ? `${(n / 1e3).toFixed(0)}k`
      : String(Math.round(n));
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "…";
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** A bar towards `total` rows on `out` (stderr by default) when it is a terminal; silent otherwise. */
export function progressBar(
  total: number,
  out: Terminal = process.stderr,
  now: () => number = Date.now,
): Progress {
  if (!out.isTTY || total <= 0) return silentProgress;
  const started = now();
  let done = 0;
  let text = "";
  let drawn = 0;
  const draw = () => {
    const elapsed = Math.max(0.001, (now() - started) / 1000);
    const rate = done / elapsed;
    const share = Math.min(1, done / total);
    const stats = `${(share * 100).toFixed(0).padStart(3)}%  ${count(done)}/${count(total)} rows  ${count(rate)} rows/s  ${duration((total - done) / rate)} left`;
    // the bar takes what room the terminal leaves, and goes when it leaves too little
    const columns = (out.columns || 80) - 1;
    const label = text.padEnd(14);
    const width = Math.min(WIDTH, columns - label.length - stats.length - 4);
    const filled = Math.round(share * width);
    const bar = width >= 5 ? ` [${"█".repeat(filled)}${"░".repeat(width - filled)}]` : "";
    out.write(`\r${`${label}${bar} ${stats}`.slice(0, columns)}\x1b[K`);
    drawn = now();
  };
  return {
    label(t) {
      text = t;
      draw();
    },
    add(rows) {
      done += rows;
      if (now() - drawn >= 100) draw();
    },
    finish() {
      draw();
      out.write("\n");
    },
  };
}
