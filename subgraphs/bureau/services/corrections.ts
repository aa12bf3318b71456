import { holdRow, isUniqueViolation, updateAtVersion } from "../../../common/db";
import { maskIdNumber, maskName, maskPhone } from "../../../common/domain";
import { badInput, conflict, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { boundedText } from "../../../common/text";
import { Channel } from "../entities/enums";
import { Petition } from "../entities/petition";
import { PetitionPetitioner, Petitioner } from "../entities/petitioner";
import type { CorrectPetitionInput, CorrectPetitionerInput } from "../resolvers/petition-inputs";
import { checkReferences } from "./intake";
import { petitionSearch } from "./search-index";
import { actorOf, transition, writeHistory } from "./transition";
import { idNumber, phone } from "./validation";
import { refreshFirstTime } from "./first-time";

/**
 * 更正: a clerk puts right what a registration got wrong. Only the fields given change; each
 * change is one line of the petition's history, with its old and new value (masked where it is
 * a petitioner's personal data), and the reason. Nothing of the procedure (status, dates,
 * deadlines, serial number) can be corrected here: those change only by the procedure's steps.
 */

/** A text value as a history line shows it: quoted, and cut short when long. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return "none";
  const text = String(value);
  return `“${text.length > 60 ? `${text.slice(0, 60)}…` : text}”`;
}

/**
 * A petition registered from a hotline call came by PHONE, one from a website message ONLINE
 * (the link is the record of how it came): a correction of the channel may not contradict it.
 */
function sourceAllows(petition: Petition, channel: Channel): void {
  if (petition.sourceCallId !== null && channel !== Channel.PHONE)
    throw badInput(
      "input.channel",
      "the petition was registered from a hotline call (市长热线): its channel is PHONE",
    );
  if (petition.sourceMessageId !== null && channel !== Channel.ONLINE)
    throw badInput(
      "input.channel",
      "the petition was registered from a website message (网络留言): its channel is ONLINE",
    );
}

type Corrected = Partial<Pick<Petition, "title" | "content" | "category" | "channel" | "townId">>;

export async function correctPetition(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  input: CorrectPetitionInput,
): Promise<Petition> {
  const reason = boundedText("input.reason", input.reason, 2, 1000);
  const wanted: Corrected = {};
  if (input.title != null) wanted.title = boundedText("input.title", input.title, 2, 200);
  if (input.content != null) wanted.content = boundedText("input.content", input.content, 5, 10000);
  if (input.category != null) wanted.category = input.category;
  if (input.channel != null) wanted.channel = input.channel;
  if (input.townId !== undefined)
    wanted.townId = input.townId === null ? null : parseId("input.townId", input.townId);
  if (Object.keys(wanted).length === 0)
    throw badInput(
      "input",
      "names no field to correct: give title, content, category, channel or townId",
    );
  const townId = wanted.townId;

  return transition(
    ctx,
    rawId,
    version,
    (petition) => {
      if (wanted.channel !== undefined) sourceAllows(petition, wanted.channel);
      const changes: Corrected = {};
      const lines: string[] = [];
      for (const [field, value] of Object.entries(wanted) as [keyof Corrected, unknown][]) {
        if (petition[field] === value) continue;
        (changes as Record<string, unknown>)[field] = value;
        lines.push(`${field} ${shown(petition[field])} → ${shown(value)}`);
      }
      if (lines.length === 0)
        throw badInput("input", "changes nothing: every value given is the current one");
      return {
        changes,
        to: petition.status,
        note: `corrected: ${lines.join("; ")}. Reason: ${reason}`,
        // what search finds follows the correction, in the same transaction
        also: async (tx) => {
          if (changes.title !== undefined || changes.content !== undefined)
            await petitionSearch.refresh(tx, [petition.id]);
          // first-time depends on the category: this petition's flag and its people's others'
          if (changes.category !== undefined)
            await refreshFirstTime(tx, [petition.id], { at: ctx.clock.now(), actor: actorOf(ctx) });
        },
      };
    },
    async () => {
      // the town is the mass-work department's: asked before the transaction opens
      if (townId != null) await checkReferences(ctx, [townId], null, "input.townId");
    },
  );
}

type PersonCorrected = Partial<Pick<Petitioner, "name" | "idNumber" | "phone" | "townId">>;

/** How a history line shows a petitioner's field: personal data only ever masked. */
function shownPersonal(field: keyof PersonCorrected, value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (field === "name") return maskName(String(value));
  if (field === "idNumber") return maskIdNumber(String(value));
  if (field === "phone") return maskPhone(String(value));
  return String(value);
}

export async function correctPetitioner(
  ctx: SubgraphContext,
  rawId: string,
  version: number,
  input: CorrectPetitionerInput,
): Promise<Petitioner> {
  const id = parseId("id", rawId);
  const now = ctx.clock.now();
  const reason = boundedText("input.reason", input.reason, 2, 1000);
  const wanted: PersonCorrected = {};
  if (input.name != null) wanted.name = boundedText("input.name", input.name, 1, 50);
  if (input.idNumber !== undefined)
    wanted.idNumber =
      input.idNumber === null ? null : idNumber("input.idNumber", input.idNumber, now);
  if (input.phone !== undefined)
    wanted.phone = input.phone === null ? null : phone("input.phone", input.phone);
  if (input.townId !== undefined)
    wanted.townId = input.townId === null ? null : parseId("input.townId", input.townId);
  if (Object.keys(wanted).length === 0)
    throw badInput("input", "names no field to correct: give name, idNumber, phone or townId");
  if (wanted.townId != null) await checkReferences(ctx, [wanted.townId], null, "input.townId");

  try {
    await ctx.db.transaction(async (tx) => {
      await holdRow(tx, "petitioner", id);
      const person = await tx.findOneBy(Petitioner, { id });
      if (!person) throw badInput("id", "no such petitioner");
      if (person.version !== version)
        throw conflict("Petitioner", String(id), version, person.version);
      const changes: PersonCorrected = {};
      const lines: string[] = [];
      for (const [field, value] of Object.entries(wanted) as [keyof PersonCorrected, unknown][]) {
        if (person[field] === value) continue;
        (changes as Record<string, unknown>)[field] = value;
        lines.push(
          `${field} ${shownPersonal(field, person[field])} → ${shownPersonal(field, value)}`,
        );
      }
      if (lines.length === 0)
        throw badInput("input", "changes nothing: every value given is the current one");
      await updateAtVersion(tx, Petitioner, "Petitioner", id, version, changes);
      // each of their petitions says so in its history (its status stays)
      const links = await tx.findBy(PetitionPetitioner, { petitionerId: id });
      const note = `petitioner ${id} corrected: ${lines.join("; ")}. Reason: ${reason}`;
      for (const { petitionId } of links) {
        const petition = await tx.findOneBy(Petition, { id: petitionId });
        if (petition)
          await writeHistory(
            tx,
            petitionId,
            now,
            petition.status,
            petition.status,
            note,
            actorOf(ctx),
          );
      }
      // first-time depends on who has which ID number: their petitions' flags follow it
      if (changes.idNumber !== undefined)
        await refreshFirstTime(
          tx,
          links.map((l) => l.petitionId),
          { at: now, actor: actorOf(ctx) },
        );
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw badInput("input.idNumber", "another petitioner is recorded with this ID number");
    throw e;
  }
  return (await ctx.db.getRepository(Petitioner).findOneBy({ id }))!;
}
