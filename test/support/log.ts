import pino, { type Logger } from "pino";

/** A logger whose lines a test reads: each JSON line parsed, and the whole as text to match. */
export function captureLogger(level = "debug"): {
  logger: Logger;
  lines: Record<string, unknown>[];
  text(): string;
} {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  return {
    logger: pino({ level }, destination),
    lines,
    text: () => lines.map((l) => JSON.stringify(l)).join("\n"),
  };
}

/** The same for a whole test system: pass `destination` as startTestSystem's logDestination. */
export function captureLines(): {
  destination: { write(line: string): void };
  lines: Record<string, unknown>[];
  text(): string;
} {
  const lines: Record<string, unknown>[] = [];
  return {
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    lines,
    text: () => lines.map((l) => JSON.stringify(l)).join("\n"),
  };
}
