import { badInput, parseId, type SubgraphContext } from "../../common";

/** Trimmed text whose length, in characters, lies in min..max. */
export function requireText(field: string, value: string, min: number, max: number): string {
  const text = value.trim();
  const length = [...text].length;
  if (length < min || length > max) throw badInput(field, `must be ${min} to ${max} characters`);
  return text;
}

export function optionalId(field: string, value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : parseId(field, value);
}

/** Asks the bureau, through the gateway, whether the petition exists; masswork keeps no copy. */
export async function requirePetition(ctx: SubgraphContext, id: number | null): Promise<void> {
  if (id === null) return;
  const answer = await ctx.graph.request<{ petition: { id: string } | null }>("query($id: ID!) { petition(id: $id) { id } }", { id: String(id) });
  if (!answer.petition) throw badInput("petitionId", "no such petition");
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day, YYYY-MM-DD, that a moment falls on in Beijing time (UTC+8). */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** A Date argument (graphql-scalars gives UTC midnight of the day) as YYYY-MM-DD. */
export function dateText(value: Date | string): string {
  return typeof value === "string" ? value : value.toISOString().slice(0, 10);
}

/** The year in Beijing time as a half-open UTC range [from, to). */
export function beijingYear(year: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(year - 1, 11, 31, 16)), to: new Date(Date.UTC(year, 11, 31, 16)) };
}

/** A unique index refused the row: the same on both engines. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE";
}
