import { beijingDate } from "../../../common/text";
import { badInput } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { Reception } from "../entities/reception";
import { requirePetition } from "./checks";
import { dutyOn } from "./duties";
import { leaderExists } from "./leaders";

/** A reception as the caller gives it, its arguments already checked. */
export type ReceptionInput = Pick<
  Reception,
  "leaderId" | "receivedAt" | "headcount" | "matter" | "petitionId"
>;

/**
 * Records a leader's reception, linked to the leader's duty on the same calendar day in
 * Beijing. The petition, the bureau's, is asked of the graph; no transaction is open then.
 */
export async function recordReception(
  ctx: SubgraphContext,
  input: ReceptionInput,
): Promise<Reception> {
  if (!(await leaderExists(ctx.db, input.leaderId))) throw badInput("leaderId", "no such leader");
  await requirePetition(ctx, input.petitionId);
  const duty = await dutyOn(ctx.db, input.leaderId, beijingDate(input.receivedAt));
  const row = {
    dutyId: duty?.id ?? null,
    leaderId: input.leaderId,
    receivedAt: input.receivedAt,
    headcount: input.headcount,
    matter: input.matter,
    petitionId: input.petitionId,
  } as Reception;
  const result = await ctx.db.getRepository(Reception).insert(row);
  return { ...row, id: Number(result.identifiers[0].id) };
}
