import type { EntityManager } from "typeorm";
import { createOnce, holdRow, isUniqueViolation } from "../../../common/db";
import { boundedText } from "../../../common/text";
import { badInput, parseId, procedureViolation } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { addDays } from "../../../common/time";
import { BacklogCase } from "../entities/backlog-case";
import { Petition } from "../entities/petition";
import { PetitionPetitioner, Petitioner } from "../entities/petitioner";
import { Visit } from "../entities/visit";
import { Channel, PetitionStatus } from "../entities/enums";
import { ACCEPTANCE_DAYS, COLLECTIVE_HEADCOUNT } from "./procedure";
import { petitionSearch } from "./search-index";
import { idNumber, notInFuture, phone, wholeNumber } from "./validation";
import type { RegisterPetitionInput, VisitInput } from "../resolvers/petition-inputs";
import { actorOf, writeHistory } from "./transition";
import { countRegistered } from "./petition-total";
import { nextSerialNo } from "./serial-numbers";
import { requireCountyLeader } from "./backlog";
import { refreshFirstTime, refreshVisitFlags } from "./first-time";

/**
 * Facts about other departments' records, asked of the graph in one request, before any
 * transaction opens: the towns exist (an unknown one is refused on `townField`), and so do the
 * online message and the hotline call a petition is registered from.
 */
export async function checkReferences(
  ctx: SubgraphContext,
  townIds: number[],
  messageId: number | null,
  townField = "townId",
  callId: number | null = null,
) {
  if (!townIds.length && messageId === null && callId === null) return;
  const data = await ctx.graph.request<{
    towns?: { id: string }[];
    onlineMessage?: { id: string } | null;
    hotlineCall?: { id: string } | null;
  }>(
    `query($messageId: ID!, $callId: ID!, $withTowns: Boolean!, $withMessage: Boolean!, $withCall: Boolean!) {
       towns @include(if: $withTowns) { id }
       onlineMessage(id: $messageId) @include(if: $withMessage) { id }
       hotlineCall(id: $callId) @include(if: $withCall) { id }
     }`,
    {
      messageId: String(messageId ?? 1),
      callId: String(callId ?? 1),
      withTowns: townIds.length > 0,
      withMessage: messageId !== null,
      withCall: callId !== null,
    },
  );
  const towns = new Set((data.towns ?? []).map((t) => Number(t.id)));
  const missingTown = townIds.find((id) => !towns.has(id));
  if (missingTown !== undefined) throw badInput(townField, `no such town: ${missingTown}`);
  if (messageId !== null && !data.onlineMessage)
    throw badInput("sourceMessageId", "no such online message");
  if (callId !== null && !data.hotlineCall)
    throw badInput("input.sourceCallId", "no such hotline call");
}

/** The rule a second registration of one hotline call breaks. */
export const CALL_REGISTERED_ONCE = "call-registered-once";

async function findOrCreatePetitioner(
  tx: EntityManager,
  p: { name: string; idNumber: string | null; phone: string | null; townId: number | null },
) {
  if (p.idNumber) {
    const existing = await tx.findOneBy(Petitioner, { idNumber: p.idNumber });
    if (existing) return existing.id;
  }
  const result = await tx.insert(Petitioner, p);
  return Number(result.identifiers[0].id);
}

/**
 * Holds the petitioners of these ID numbers, as the transaction's first statements, so that
 * registrations of the same people run one after the other and each reads what the previous
 * one committed (their earlier petitions decide first-time). On MySQL each person is written
 * if new and locked either way: an upsert locks only its own row, where a locking read of a
 * number not yet recorded would lock the gap around it and deadlock with other clerks
 * registering new people. SQLite runs transactions one at a time anyway.
 */
async function holdPetitioners(
  tx: EntityManager,
  people: { name: string; idNumber: string | null; phone: string | null; townId: number | null }[],
) {
  if (tx.connection.options.type !== "mysql") return;
  const byNumber = new Map(
    people.filter((p) => p.idNumber !== null).map((p) => [p.idNumber!, p] as const),
  );
  for (const number of [...byNumber.keys()].sort()) {
    const p = byNumber.get(number)!;
    await tx.query(
      "INSERT INTO petitioner (name, id_number, phone, town_id, version) VALUES (?, ?, ?, ?, 1) ON DUPLICATE KEY UPDATE id = id",
      [p.name, number, p.phone, p.townId],
    );
  }
}

export async function registerPetition(
  ctx: SubgraphContext,
  input: RegisterPetitionInput,
  idempotencyKey?: string | null,
): Promise<Petition> {
  const now = ctx.clock.now();
  const receivedAt = notInFuture("input.receivedAt", input.receivedAt ?? now, now);
  const title = boundedText("input.title", input.title, 2, 200);
  const content = boundedText("input.content", input.content, 5, 10000);
  if (!input.petitioners.length)
    throw badInput("input.petitioners", "at least one petitioner is needed");
  if (input.petitioners.length > 50)
    throw badInput(
      "input.petitioners",
      "at most 50 petitioners; give the others' number as headcount",
    );
  const people = input.petitioners.map((p, i) => ({
    name: boundedText(`input.petitioners[${i}].name`, p.name, 1, 50),
    idNumber: p.idNumber ? idNumber(`input.petitioners[${i}].idNumber`, p.idNumber, now) : null,
    phone: p.phone ? phone(`input.petitioners[${i}].phone`, p.phone) : null,
    townId: p.townId != null ? parseId(`input.petitioners[${i}].townId`, p.townId) : null,
  }));
  const headcount = wholeNumber("input.headcount", input.headcount ?? people.length, 1, 10000);
  if (headcount < people.length)
    throw badInput("input.headcount", "is less than the number of petitioners given");
  const townId = input.townId != null ? parseId("input.townId", input.townId) : null;
  const repeatOf = input.repeatOf != null ? parseId("input.repeatOf", input.repeatOf) : null;
  const messageId =
    input.sourceMessageId != null ? parseId("input.sourceMessageId", input.sourceMessageId) : null;
  const callId =
    input.sourceCallId != null ? parseId("input.sourceCallId", input.sourceCallId) : null;
  if (callId !== null && messageId !== null)
    throw badInput("input.sourceCallId", "a petition comes from one message or one call, not both");
  if (callId !== null && input.channel !== Channel.PHONE)
    throw badInput("input.channel", "a petition registered from a hotline call came by PHONE");
  const townIds = [
    ...new Set([townId, ...people.map((p) => p.townId)].filter((t): t is number => t !== null)),
  ];
  await checkReferences(ctx, townIds, messageId, "townId", callId);

  const id = await createOnce(
    ctx.db,
    idempotencyKey,
    "registerPetition",
    input,
    now,
    async (tx) => {
      if (repeatOf !== null && !(await tx.existsBy(Petition, { id: repeatOf })))
        throw badInput("input.repeatOf", "no such petition");
      if (messageId !== null && (await tx.existsBy(Petition, { sourceMessageId: messageId })))
        throw badInput(
          "input.sourceMessageId",
          "a petition was registered from this message already",
        );
      if (callId !== null && (await tx.existsBy(Petition, { sourceCallId: callId })))
        throw procedureViolation(
          CALL_REGISTERED_ONCE,
          "this hotline call has already been registered as a petition; a call is registered once",
        );
      const deadline = addDays(receivedAt, ACCEPTANCE_DAYS);
      const result = await tx.insert(Petition, {
        serialNo: await nextSerialNo(tx, receivedAt),
        title,
        content,
        channel: input.channel,
        source: input.source,
        category: input.category,
        status: PetitionStatus.REGISTERED,
        firstTime: repeatOf === null,
        collective: headcount >= COLLECTIVE_HEADCOUNT,
        headcount,
        townId,
        receivedAt,
        acceptanceDeadline: deadline,
        currentDeadline: deadline,
        repeatOfId: repeatOf,
        sourceMessageId: messageId,
        sourceCallId: callId,
        version: 1,
      });
      const petitionId = Number(result.identifiers[0].id);
      await countRegistered(tx);
      const ids = new Set<number>();
      for (const person of people) ids.add(await findOrCreatePetitioner(tx, person));
      for (const petitionerId of ids)
        await tx.insert(PetitionPetitioner, { petitionId, petitionerId });
      // 初信初访 by the rules of first-time.ts; a backdated one may make later ones repeats
      const why = await refreshFirstTime(tx, [petitionId], {
        at: now,
        actor: actorOf(ctx),
        quiet: petitionId,
      });
      const note = why.has(petitionId) ? `not first-time: ${why.get(petitionId)}` : null;
      await writeHistory(tx, petitionId, now, null, PetitionStatus.REGISTERED, note, actorOf(ctx));
      // searchable once the registration returns: the index commits with the petition
      await petitionSearch.refresh(tx, [petitionId]);
      return petitionId;
    },
    // the petitioners' earlier petitions decide first-time: registrations of the same people
    // run one after the other (on MySQL; SQLite runs transactions one at a time anyway)
    (tx) => holdPetitioners(tx, people),
  );
  return (await ctx.db.getRepository(Petition).findOneBy({ id }))!;
}

export async function recordVisit(
  ctx: SubgraphContext,
  input: VisitInput,
  idempotencyKey?: string | null,
): Promise<Visit> {
  const now = ctx.clock.now();
  const petitionId = parseId("input.petitionId", input.petitionId);
  const receivedAt = notInFuture("input.receivedAt", input.receivedAt, now);
  const headcount = wholeNumber("input.headcount", input.headcount, 1, 10000);
  const id = await createOnce(
    ctx.db,
    idempotencyKey,
    "recordVisit",
    input,
    now,
    async (tx) => {
      const petition = await tx.findOneBy(Petition, { id: petitionId });
      if (!petition) throw badInput("input.petitionId", "no such petition");
      if (receivedAt.getTime() < petition.receivedAt.getTime())
        throw badInput("input.receivedAt", "is before the petition was received");
      const result = await tx.insert(Visit, {
        petitionId,
        receivedAt,
        level: input.level,
        headcount,
        collective: headcount >= COLLECTIVE_HEADCOUNT,
        // 初访: the earliest visit received on a first-time petition (first-time.ts)
        firstTime: false,
      });
      await refreshVisitFlags(tx, [petitionId]);
      return Number(result.identifiers[0].id);
    },
    // visits of one petition are recorded one after the other, so only one is its earliest
    (tx) => holdRow(tx, "petition", petitionId),
  );
  return (await ctx.db.getRepository(Visit).findOneBy({ id }))!;
}

export async function assignBacklog(
  ctx: SubgraphContext,
  rawPetitionId: string,
  batch: number,
  rawLeaderId: string,
): Promise<BacklogCase> {
  const now = ctx.clock.now();
  const petitionId = parseId("petitionId", rawPetitionId);
  const leaderId = parseId("leadLeaderId", rawLeaderId);
  wholeNumber("batch", batch, 1, 99);
  // 包案领导 are county leaders: asked of the graph before the transaction opens
  await requireCountyLeader(ctx, leaderId);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      if (!(await tx.existsBy(Petition, { id: petitionId })))
        throw badInput("petitionId", "no such petition");
      if (await tx.existsBy(BacklogCase, { petitionId }))
        throw badInput("petitionId", "is on a backlog batch already");
      const result = await tx.insert(BacklogCase, {
        petitionId,
        batch,
        assignedAt: now,
        leadLeaderId: leaderId,
        resolvedAt: null,
        resolutionNote: null,
        version: 1,
      });
      return Number(result.identifiers[0].id);
    });
    return (await ctx.db.getRepository(BacklogCase).findOneBy({ id }))!;
  } catch (e) {
    if (isUniqueViolation(e)) throw badInput("petitionId", "is on a backlog batch already");
    throw e;
  }
}
