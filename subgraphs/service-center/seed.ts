import { yearRange, type PetitionCategory } from "../../common/domain";
import { addDays } from "../../common/time";
import {
  between,
  DaySampler,
  daysOfYear,
  DEMO_MATTERS,
  matterOfMessage,
  DEMO_TOWNS,
  namedSeed,
  pick,
  plannedCategory,
  sampleIndexes,
  seasonWeight,
  seededRandom,
  SEED_TOWN_WEIGHTS,
  syntheticName,
  syntheticPhone,
  weighted,
  type PlannedPetition,
  type Random,
  type SeedBatch,
  type SeedPlan,
  type SqlValue,
  type YearPlan,
} from "../../seed";
import { CALL_TEMPLATES, FORWARDED, MESSAGE_TEMPLATES, REPLIES, UNITS } from "./seed-text";

/**
 * The service center's rows of the synthetic dataset: the website's messages (the year's count
 * and replies as the yearbook gives them; those the bureau registered as petitions are answered
 * by passing them on), the hotline's calls (every petition by phone began as one), and the
 * evaluations of the replies the plan says were evaluated.
 */
const MESSAGE = [
  "id",
  "title",
  "content",
  "category",
  "posted_at",
  "reply_text",
  "reply_unit",
  "replied_at",
  "author_name",
  "author_phone",
  "town_id",
] as const;
const CALL = ["id", "received_at", "summary", "category", "petition_id"] as const;
const EVALUATION = ["id", "petition_id", "rating", "evaluated_at"] as const;

const HOUR_MS = 3_600_000;
const BLOCK = 10_000;
/** Of the calls that did not open a petition, the share asking after one already registered. */
const PROGRESS_CALLS = 0.08;

function fill(template: string, matter: string, town: string): string {
  return template.replace("{matter}", matter).replace("{town}", town);
}

/** Most authors leave a name and a phone; some post anonymously. Invented, never real. */
function author(random: Random): [string | null, string | null] {
  return random() < 0.2 ? [null, null] : [syntheticName(random), syntheticPhone(random)];
}

function messages(random: Random, year: YearPlan, snapshot: Date): SqlValue[][] {
  const { firstId, postedAt } = year.messages;
  const passedOn = new Map<number, PlannedPetition>();
  for (const p of year.petitions) if (p.messageId !== null) passedOn.set(p.messageId, p);
  // the units answer exactly as many of the others as the year's reply figure needs
  const unlinked: number[] = [];
  for (let i = 0; i < postedAt.length; i++)
    if (!passedOn.has(firstId + i) && postedAt[i] < snapshot.getTime() - HOUR_MS) unlinked.push(i);
  const toAnswer = year.targets.website.replied - passedOn.size;
  if (toAnswer < 0 || toAnswer > unlinked.length)
    throw new Error(`the website figures of ${year.year} do not add up`);
  const answered = new Set(
    sampleIndexes(random, unlinked.length, toAnswer).map((k) => unlinked[k]),
  );
  const rows: SqlValue[][] = [];
  for (let i = 0; i < postedAt.length; i++) {
    const id = firstId + i;
    const posted = new Date(postedAt[i]);
    const p = passedOn.get(id);
    const category: PetitionCategory = p?.category ?? plannedCategory(random, "online", posted);
    // the town the text names is the message's town
    const townId = p?.townId ?? weighted(random, SEED_TOWN_WEIGHTS);
    const town = DEMO_TOWNS[townId - 1];
    // a message passed on names the matter its petition's title names
    const drawn = pick(random, DEMO_MATTERS[category]);
    const matter = p ? matterOfMessage(category, id) : drawn;
    let reply: [string, string, Date] | null = null;
    if (p) reply = [FORWARDED.text, FORWARDED.unit, p.receivedAt];
    else if (answered.has(i)) {
      const latest = snapshot.getTime() - posted.getTime() - HOUR_MS;
      const delay = Math.min(latest, between(random, 4, 15 * 24) * HOUR_MS);
      reply = [
        pick(random, REPLIES),
        pick(random, UNITS[category]),
        new Date(posted.getTime() + delay),
      ];
    }
    rows.push([
      id,
      matter,
      fill(pick(random, MESSAGE_TEMPLATES), matter, town),
      category,
      posted,
      reply?.[0] ?? null,
      reply?.[1] ?? null,
      reply?.[2] ?? null,
      ...author(random),
      townId,
    ]);
  }
  return rows;
}

/** 市长热线: each petition by phone began as a call; some calls ask after a petition; most are calls only. */
function calls(
  random: Random,
  year: YearPlan,
): { at: Date; category: PetitionCategory; summary: string; petitionId: number | null }[] {
  const days = new DaySampler(daysOfYear(year.year), seasonWeight);
  const end = yearRange(year.year).end.getTime();
  const list: ReturnType<typeof calls> = [];
  const call = (
    at: Date,
    category: PetitionCategory,
    template: string,
    petitionId: number | null,
  ) =>
    list.push({
      at,
      category,
      summary: fill(template, pick(random, DEMO_MATTERS[category]), ""),
      petitionId,
    });
  const byPhone = year.petitions.filter((p) => p.channel === "PHONE");
  for (const p of byPhone)
    call(
      new Date(p.receivedAt.getTime() - between(random, 1, 30) * HOUR_MS),
      p.category,
      CALL_TEMPLATES.new,
      p.id,
    );
  for (let i = byPhone.length; i < year.targets.hotlineCalls; i++) {
    const p = random() < PROGRESS_CALLS ? pick(random, year.petitions) : null;
    const later = p ? addDays(p.receivedAt, between(random, 3, 60)) : null;
    if (p && later && later.getTime() < end) call(later, p.category, CALL_TEMPLATES.progress, p.id);
    else {
      const at = new Date(
        Date.parse(`${days.sample(random)}T00:00:00Z`) -
          8 * HOUR_MS +
          between(random, 8 * 60, 21 * 60) * 60_000,
      );
      call(at, plannedCategory(random, "online", at), CALL_TEMPLATES.new, null);
    }
  }
  return list.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function* serviceCenterSeedRows(plan: SeedPlan): Generator<SeedBatch> {
  const random = seededRandom(namedSeed("service-center"));
  let callId = 0;
  let evaluationId = 0;
  for (const year of plan.years) {
    const rows = messages(random, year, plan.snapshot);
    for (let i = 0; i < rows.length; i += BLOCK)
      yield { table: "online_message", columns: MESSAGE, rows: rows.slice(i, i + BLOCK) };
    const callRows = calls(random, year).map((c): SqlValue[] => [
      ++callId,
      c.at,
      c.summary,
      c.category,
      c.petitionId,
    ]);
    for (let i = 0; i < callRows.length; i += BLOCK)
      yield { table: "hotline_call", columns: CALL, rows: callRows.slice(i, i + BLOCK) };
    const evaluated = year.petitions.filter((p) => p.rating !== null && p.evaluatedAt !== null);
    yield {
      table: "evaluation",
      columns: EVALUATION,
      rows: evaluated.map((p) => [++evaluationId, p.id, p.rating, p.evaluatedAt]),
    };
  }
}
