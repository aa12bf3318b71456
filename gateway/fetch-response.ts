import { STATUS_CODES } from "node:http";
import type { FetcherHeaders, FetcherResponse } from "@apollo/utils.fetcher";

/** Response headers by lower-case name, as the gateway's data sources read them. */
export class ResponseHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(raw: Record<string, string | string[] | undefined> = {}) {
    for (const [name, value] of Object.entries(raw)) if (value !== undefined) this.map.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value);
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const old = this.map.get(key);
    this.map.set(key, old === undefined ? value : `${old}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}


/**
 * A subgraph's answer read in full before it is handed over (subgraph answers are small). Its
 * body is the text received, or an object already parsed (a share of a batched answer), which
 * `json()` then returns without printing and parsing it again.
 */
export class BufferedResponse implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: FetcherHeaders,
    private readonly body: { text: string } | { parsed: unknown },
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get statusText(): string {
    return STATUS_CODES[this.status] ?? "";
  }
  private take(): { text: string } | { parsed: unknown } {
    if (this.bodyUsed) throw new TypeError("the response body was read already");
    this.bodyUsed = true;
    return this.body;
  }
  async text(): Promise<string> {
    const body = this.take();
    return "text" in body ? body.text : JSON.stringify(body.parsed);
  }
  async json(): Promise<any> {
    const body = this.take();
    return "text" in body ? JSON.parse(body.text) : body.parsed;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text(), "utf8");
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  clone(): BufferedResponse {
    if (this.bodyUsed) throw new TypeError("a read response cannot be cloned");
    // The gateway merges later fetches into the objects it is given, so a parsed body is never
    // shared between two readers: each clone gets its own copy.
    const body = "text" in this.body ? this.body : { parsed: structuredClone(this.body.parsed) };
    return new BufferedResponse(this.url, this.status, this.headers, body);
  }
}
