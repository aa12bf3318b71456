import type { EntityManager } from "typeorm";
import { holdRow, updateAtVersion } from "../../../common/db";
import { badInput, conflict, parseId, procedureViolation } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { boundedText } from "../../../common/text";
import { BacklogCase } from "../entities/backlog-case";
import { Petition } from "../entities/petition";
import { actorOf, writeHistory } from "./transition";

/**
 * 包案领导 are county leaders (the yearbook: each backlog case has one responsible county
 * leader). Leaders are the mass-work department's: asked of the graph, before any transaction.
 */
export async function requireCountyLeader(ctx: SubgraphContext, leaderId: number): Promise<void> {
  const { leader } = await ctx.graph.request<{ leader: { id: string; level: string } | null }>(
    "query($id: ID!) { leader(id: $id) { id level } }",
    { id: String(leaderId) },
  );
  if (!leader) throw badInput("leadLeaderId", "no such leader");
  if (leader.level !== "COUNTY")
    throw badInput(
      "leadLeaderId",
      `must be a county-level leader (包案领导); this leader is ${leader.level} level`,
    );
}

/** What one edit of a backlog case changes, and the line it writes in its petition's history. */
interface BacklogStep {
  changes: Partial<BacklogCase>;
  note: string;
}

/**
 * Applies one edit to a backlog case, or nothing: the caller's version must be the current one,
 * and the UPDATE repeats the check, so of two edits of one version exactly one is stored and the
 * other fails with CONFLICT. The edit is written into its petition's history (the status stays),
 * as an extension is, so the workbench reads the case's story in one place.
 */
async function editBacklogCase(
  ctx: SubgraphContext,
  id: number,
  version: number,
  decide: (b: BacklogCase) => BacklogStep,
): Promise<BacklogCase> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx: EntityManager) => {
    await holdRow(tx, "backlog_case", id);
    const current = await tx.findOneBy(BacklogCase, { id });
    if (!current) throw badInput("id", "no such backlog case");
    if (current.version !== version)
      throw conflict("BacklogCase", String(id), version, current.version);
    const step = decide(current);
    await updateAtVersion(tx, BacklogCase, "BacklogCase", id, version, step.changes);
    const petition = (await tx.findOneBy(Petition, { id: current.petitionId }))!;
    await writeHistory(
      tx,
      petition.id,
      now,
      petition.status,
      petition.status,
      step.note,
      actorOf(ctx),
    );
    return (await tx.findOneBy(BacklogCase, { id }))!;
  });
}

function requireOpen(b: BacklogCase, rule: string, action: string): void {
  if (b.resolvedAt !== null)
    throw procedureViolation(rule, `cannot ${action} a backlog case that was resolved already`);
}

/** 案结事了: the case is resolved, with a note of how. */
export function resolveBacklogCase(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  rawNote: string,
): Promise<BacklogCase> {
  const id = parseId("id", rawId);
  const note = boundedText("note", rawNote, 2, 2000);
  const now = ctx.clock.now();
  return editBacklogCase(ctx, id, version, (b) => {
    requireOpen(b, "backlog-resolve-open", "resolve");
    return {
      changes: { resolvedAt: now, resolutionNote: note },
      note: `backlog case resolved: ${note}`,
    };
  });
}

/** Another county leader takes the case over, for a reason. */
export async function reassignBacklogCase(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  rawLeaderId: string,
  rawReason: string,
): Promise<BacklogCase> {
  const id = parseId("id", rawId);
  const leaderId = parseId("leadLeaderId", rawLeaderId);
  const reason = boundedText("reason", rawReason, 2, 1000);
  // the leader's level is the mass-work department's fact: asked before the transaction opens
  await requireCountyLeader(ctx, leaderId);
  return editBacklogCase(ctx, id, version, (b) => {
    requireOpen(b, "backlog-reassign-open", "reassign");
    if (b.leadLeaderId === leaderId)
      throw badInput("leadLeaderId", "is the case's lead leader already");
    return {
      changes: { leadLeaderId: leaderId },
      note: `lead leader changed from leader ${b.leadLeaderId ?? "none"} to leader ${leaderId}: ${reason}`,
    };
  });
}
