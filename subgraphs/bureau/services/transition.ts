import type { EntityManager } from "typeorm";
import { holdRow, updateAtVersion } from "../../../common/db";
import { badInput, conflict, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { Petition } from "../entities/petition";
import { StatusChange } from "../entities/status-change";
import { type PetitionStatus } from "../entities/enums";

/** What one step changes: the petition's columns, its new status, a note for the history. */
export interface Step {
  changes: Partial<Petition>;
  to: PetitionStatus;
  note?: string | null;
  /** further writes of the same step, in the same transaction */
  also?: (tx: EntityManager, petition: Petition) => Promise<void>;
}

/** Who made a change: the staff member's account as the gateway verified it. */
export function actorOf(ctx: SubgraphContext): string {
  return (ctx.caller.subject ?? ctx.caller.role).slice(0, 100);
}

export async function writeHistory(
  tx: EntityManager,
  petitionId: number,
  at: Date,
  from: PetitionStatus | null,
  to: PetitionStatus,
  note: string | null,
  actor: string,
) {
  await tx.insert(StatusChange, { petitionId, at, from, to, note, actor });
}

/**
 * Applies one step of the procedure to a petition, or nothing at all. The caller's version
 * must be the current one; the UPDATE repeats the check, so of two concurrent edits of one
 * version exactly one is stored and the other fails with CONFLICT.
 *
 * A step that needs another department's facts names them in `gather`: they are asked for
 * before the transaction opens (the graph client refuses to call from inside one), about the
 * petition as the caller's version has it; inside, the version check proves it is unchanged.
 */
export async function transition<F = undefined>(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  decide: (petition: Petition, now: Date, tx: EntityManager, facts: F) => Promise<Step> | Step,
  gather?: (petition: Petition, now: Date) => Promise<F>,
  /**
   * Other petitions the step reads and must see as they are (a merge's target): held with this
   * one, in id order, before anything is read, so two steps on the same pair run one after the
   * other (on MySQL; SQLite runs transactions one at a time anyway).
   */
  alsoHold: number[] = [],
): Promise<Petition> {
  const id = parseId("id", rawId);
  const now = ctx.clock.now();
  const current = (petition: Petition | null): Petition => {
    if (!petition) throw badInput("id", "no such petition");
    if (petition.version !== version)
      throw conflict("Petition", String(id), version, petition.version);
    return petition;
  };
  const facts = gather
    ? await gather(current(await ctx.db.getRepository(Petition).findOneBy({ id })), now)
    : (undefined as F);
  return ctx.db.transaction(async (tx) => {
    for (const held of [...new Set([id, ...alsoHold])].sort((a, b) => a - b))
      await holdRow(tx, "petition", held);
    const petition = current(await tx.findOneBy(Petition, { id }));
    const step = await decide(petition, now, tx, facts);
    await updateAtVersion(tx, Petition, "Petition", id, version, {
      ...step.changes,
      status: step.to,
    });
    await step.also?.(tx, petition);
    await writeHistory(tx, id, now, petition.status, step.to, step.note ?? null, actorOf(ctx));
    return (await tx.findOneBy(Petition, { id }))!;
  });
}
