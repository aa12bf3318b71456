import { badInput, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";

export function optionalId(field: string, value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : parseId(field, value);
}

/** Asks the bureau, through the gateway, whether the petition exists; masswork keeps no copy. */
export async function requirePetition(ctx: SubgraphContext, id: number | null): Promise<void> {
  if (id === null) return;
  const answer = await ctx.graph.request<{ petition: { id: string } | null }>(
    "query($id: ID!) { petition(id: $id) { id } }",
    { id: String(id) },
  );
  if (!answer.petition) throw badInput("petitionId", "no such petition");
}

/** A Date argument (the Date scalar gives UTC midnight of the day) as YYYY-MM-DD. */
export function dateText(value: Date | string): string {
  return typeof value === "string" ? value : value.toISOString().slice(0, 10);
}
