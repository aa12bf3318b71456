import { type CallerRole } from "../../common/auth";
import { SUBGRAPHS } from "../../common/config";
import { idNumberCheckDigit } from "../../common/domain";
import { signToken } from "../../gateway/auth";
import { TEST_AUTH_SECRET } from "./databases";
import type { TestSystem } from "./system";

/**
 * Helpers of the hostile-input suites: send anything to the gateway, read the status and the
 * first error, and count every row of every department to prove nothing was stored.
 */
export interface Answer {
  status: number;
  body: any;
  /** the first error's code, field, limit and message */
  code?: string;
  field?: string;
  limit?: string;
  message?: string;
}

export interface Sent {
  role?: CallerRole;
  query?: string;
  variables?: unknown;
  operationName?: unknown;
  /** the body as it is sent, instead of one made from query, variables and operationName */
  raw?: string;
  method?: string;
  headers?: Record<string, string>;
  /** a path and query string after the gateway's URL (GET) */
  search?: string;
}

export async function tokenFor(
  role: CallerRole,
  subject?: string,
): Promise<Record<string, string>> {
  if (role === "anonymous") return {};
  return {
    authorization: `Bearer ${await signToken(TEST_AUTH_SECRET, { role, subject: subject ?? `${role}-hostile` })}`,
  };
}

export async function send(t: TestSystem, sent: Sent): Promise<Answer> {
  const method = sent.method ?? "POST";
  const body =
    method === "GET" || method === "HEAD"
      ? undefined
      : (sent.raw ??
        JSON.stringify({
          query: sent.query,
          variables: sent.variables,
          operationName: sent.operationName,
        }));
  const res = await fetch(t.gatewayUrl + (sent.search ?? ""), {
    method,
    headers: {
      "content-type": "application/json",
      ...(await tokenFor(sent.role ?? "anonymous")),
      ...sent.headers,
    },
    body,
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  const first = Array.isArray(json) ? json[0]?.errors?.[0] : json?.errors?.[0];
  return {
    status: res.status,
    body: json,
    code: first?.extensions?.code,
    field: first?.extensions?.field,
    limit: first?.extensions?.limit,
    message: first?.message,
  };
}

/** Row counts of every table of every department: equal before and after means nothing was stored. */
export async function stored(t: TestSystem): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of SUBGRAPHS) {
    const db = t.system.subgraphs[name]!.database.dataSource;
    for (const table of db.entityMetadatas.map((m) => m.tableName)) {
      const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${table}`);
      counts[`${name}.${table}`] = Number(row.n);
    }
  }
  return counts;
}

/** What a refusal must show: the status, the code, and the field (or limit) where one applies. */
export interface Refusal {
  status: number;
  code: string;
  field?: string;
  limit?: string;
  /** a word the message must hold */
  says?: RegExp;
}

/** Sends a request, checks it was refused as expected and stored nothing. */
export async function expectRefused(t: TestSystem, sent: Sent, expected: Refusal): Promise<Answer> {
  const before = await stored(t);
  const answer = await send(t, sent);
  const seen: Record<string, unknown> = { status: answer.status, code: answer.code };
  const want: Record<string, unknown> = { status: expected.status, code: expected.code };
  if (expected.field !== undefined) [seen.field, want.field] = [answer.field, expected.field];
  if (expected.limit !== undefined) [seen.limit, want.limit] = [answer.limit, expected.limit];
  expect({ ...seen, message: answer.message }).toEqual({
    ...want,
    message: expect.stringMatching(expected.says ?? /./),
  });
  expect(await stored(t)).toEqual(before);
  return answer;
}

export function validIdNumber(birth = "19700101", seq = "123"): string {
  const first17 = `131028${birth}${seq}`;
  return first17 + idNumberCheckDigit(first17);
}

/** Characters each text input must refuse, by what they are. */
export const HOSTILE_TEXT: [string, string, RegExp][] = [
  ["NUL", "合法文本\u0000后缀", /control/],
  ["a C0 control (ESC)", "合法文本\u001b[31m", /control/],
  ["a lone carriage return", "第一行\r第二行", /control/],
  ["a C1 control (NEL)", "合法文本\u0085", /control/],
  ["DEL", "合法文本\u007f", /control/],
  ["a right-to-left override", "合法\u202E本文", /bidirectional/],
  ["a left-to-right isolate", "合法\u2066文本\u2069", /bidirectional/],
  ["a lone surrogate", "合法文本\ud800", /not a character/],
  ["zero-width spaces alone", "\u200B\u200B\u200B", /blank|at least/],
  ["ideographic spaces alone", "\u3000\u3000\u3000", /blank|at least/],
  ["Hangul fillers alone", "\u3164\u115F\u1160", /blank|at least/],
  ["BOM, word joiner and NBSP alone", "\uFEFF\u2060\u00A0", /blank|at least/],
];
