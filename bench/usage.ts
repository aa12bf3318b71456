import { readFileSync } from "node:fs";

/**
 * A process's resident memory and CPU time, read from /proc by the bench itself so that the
 * gateway being measured does no extra work to report them. Where /proc is missing (not Linux),
 * memory is asked of the child over IPC instead (see children.ts) and CPU time is not shown.
 */
function statusField(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function procAvailable(): boolean {
  return statusField(process.pid, "VmRSS") !== null;
}

/** The process's peak resident memory since it started, in bytes. */
export function peakRssOf(pid: number): number | null {
  return statusField(pid, "VmHWM");
}

/** Samples resident memory every `everyMs` while a run lasts; `stop()` gives the highest seen. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number | null } {
  let peak: number | null = statusField(pid, "VmRSS");
  const timer = setInterval(() => {
    const rss = statusField(pid, "VmRSS");
    if (rss !== null && (peak === null || rss > peak)) peak = rss;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const rss = statusField(pid, "VmRSS");
      if (rss !== null && (peak === null || rss > peak)) peak = rss;
      return peak;
    },
  };
}

export function megabytes(bytes: number | null): number | null {
  return bytes === null ? null : Math.round((bytes / 1048576) * 10) / 10;
}

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux the bench runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) the process has used so far, in ms. Per request it is the figure that
 * other load on a shared machine disturbs least, so small changes to the gateway show in it.
 */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
