import { createOnce } from "../../../common/db";
import { badInput } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { beijingDate } from "../../../common/text";
import { Reception } from "../entities/reception";
import { ReceptionDuty } from "../entities/reception-duty";
import { requirePetition } from "./checks";
import { leaderExists } from "./leaders";

/** A reception as the caller gives it, its arguments already checked. */
export type ReceptionInput = Pick<
  Reception,
  "leaderId" | "receivedAt" | "headcount" | "matter" | "petitionId"
>;

/**
 * Records a leader's reception, linked to the leader's duty on the same calendar day in
 * Beijing. The petition, the bureau's, is asked of the graph before the transaction opens;
 * the duty is found and the reception stored in one transaction, once per idempotency key.
 */
export async function recordReception(
  ctx: SubgraphContext,
  input: ReceptionInput,
  key: string | null,
): Promise<Reception> {
  if (!(await leaderExists(ctx.db, input.leaderId))) throw badInput("leaderId", "no such leader");
  await requirePetition(ctx, input.petitionId);
  const id = await createOnce(
    ctx.db,
    key,
    "recordReception",
    input,
    ctx.clock.now(),
    async (tx) => {
      const duty = await tx.findOneBy(ReceptionDuty, {
        leaderId: input.leaderId,
        date: beijingDate(input.receivedAt),
      });
      // a copy: TypeORM writes the generated id back into what it inserts
      const row = { ...input, dutyId: duty?.id ?? null };
      return Number((await tx.insert(Reception, row)).identifiers[0].id);
    },
  );
  return ctx.db.getRepository(Reception).findOneByOrFail({ id });
}
