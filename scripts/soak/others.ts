import { between, DEMO_MATTERS, pick, syntheticName, syntheticPhone } from "../../seed";
import { noteAuditedReads, sendWrite, type Actor } from "./bureau";
import { CASE_VIEW, PETITIONER_READ, SEARCH } from "./world";

/**
 * Reads every case reader makes, and the days of the other roles: leaders read petitioners
 * unmasked, masswork reports and settles disputes, the service center replies and records
 * evaluations, citizens post messages.
 */

const PAGE = `query { petitions(first: 20) { totalCount edges { node { id serialNo title status version } } } }`;

export async function read(a: Actor): Promise<void> {
  const { world, who, client } = a;
  const r = world.random() * 100;
  const readsPersons = who.role === "bureau" || who.role === "leader";
  if (r < 45 || (!readsPersons && r < 70)) {
    const id =
      world.chance(0.7) && world.petitions.size
        ? world.pickOf(world.petitions.keys())!
        : (world.pickOf(world.demoPetitionIds) ?? "1");
    const o = await client.send("caseView", who, CASE_VIEW, { id });
    noteAuditedReads(world, who, o.data?.petition?.petitioners);
    return;
  }
  if (r < 70) {
    const id = world.pickOf(world.petitionerIds);
    if (!id) return;
    const o = await client.send("petitionerUnmasked", who, PETITIONER_READ, { id });
    if (o.data?.petitioner) noteAuditedReads(world, who, [o.data.petitioner]);
    return;
  }
  if (r < 90) {
    await client.send("search", who, SEARCH, { text: world.pickOf(world.searchTerms)! });
    return;
  }
  await client.send("petitionsPage", who, PAGE);
}

export async function leaderAction(a: Actor): Promise<void> {
  return read(a);
}

const REPORT = `mutation($townId: ID!, $category: PetitionCategory!, $description: String!, $petitionId: ID) {
  reportRiskItem(townId: $townId, category: $category, description: $description, petitionId: $petitionId) { id description status } }`;
const RESOLVE = `mutation($id: ID!) { resolveRiskItem(id: $id) { id status } }`;
const RISK_ITEMS = `query($townId: ID) { riskItems(townId: $townId, status: [OPEN]) { id description status town { name } } }`;

export async function massworkAction(a: Actor): Promise<void> {
  const { world, who, client } = a;
  const r = world.random() * 100;
  const open = [...world.riskItems].filter(([, isOpen]) => isOpen).map(([id]) => id);
  if (r < 10 && open.length) {
    const id = world.pickOf(open)!;
    const o = await client.send("resolveRiskItem", who, RESOLVE, { id });
    if (o.ok || o.codes.includes("PROCEDURE_VIOLATION")) world.riskItems.set(id, false);
    return;
  }
  if (r < 45) {
    const { category, content } = world.text();
    const petitionId = world.chance(0.4) ? (world.pickOf(world.petitions.keys()) ?? null) : null;
    const vars = {
      townId: String(between(world.random, 1, 5)),
      category,
      description: `排查发现：${content}`,
      petitionId,
    };
    const o = await client.send("reportRiskItem", who, REPORT, vars);
    if (!o.ok) return;
    const item = o.data.reportRiskItem;
    world.acks.push({
      kind: "riskItem",
      ref: vars.description,
      id: String(item.id),
      expect: { description: vars.description },
    });
    world.riskItems.set(String(item.id), true);
    return;
  }
  if (r < 65) {
    await client.send("riskItems", who, RISK_ITEMS, {
      townId: String(between(world.random, 1, 5)),
    });
    return;
  }
  return read(a);
}

const EVALUATE = `mutation($petitionId: ID!, $rating: Rating!) { evaluatePetition(petitionId: $petitionId, rating: $rating) { id rating } }`;
const REPLY = `mutation($id: ID!, $text: String!, $unit: String!) { replyToMessage(id: $id, text: $text, unit: $unit) { id reply { text unit } } }`;
const UNREPLIED = `query { onlineMessages(first: 50, replied: false) { id title } }`;
const HOTLINE = `query { hotlineCalls(first: 20) { id summary category petition { id status } } }`;

export async function serviceCenterAction(a: Actor): Promise<void> {
  const { world, who, client } = a;
  const r = world.random() * 100;
  if (r < 30) {
    const replied = world.pickOf(
      world.petitionsIn("REPLIED", "CLOSED").filter((p) => !p.evaluated),
    );
    // a petition not replied yet: evaluating it is refused by rule
    const p = replied ?? world.pickOf(world.petitionsIn("REGISTERED", "ACCEPTED", "IN_PROGRESS"));
    if (!p) return read(a);
    const rating = pick(world.random, [
      "SATISFIED",
      "SATISFIED",
      "BASICALLY_SATISFIED",
      "UNSATISFIED",
    ]);
    const o = await client.send("evaluatePetition", who, EVALUATE, { petitionId: p.id, rating });
    if (o.ok)
      world.acks.push({
        kind: "evaluation",
        ref: `evaluation:${p.id}`,
        id: p.id,
        expect: { rating },
      });
    if (o.ok || o.codes.includes("PROCEDURE_VIOLATION")) p.evaluated ||= Boolean(replied);
    return;
  }
  if (r < 65) {
    // mostly messages not replied yet; some replied ones, refused by rule (a reply is given once)
    const unreplied = [...world.messages].filter(([, done]) => !done).map(([id]) => id);
    const id = world.chance(0.12)
      ? world.pickOf([...world.messages].filter(([, done]) => done).map(([id]) => id))
      : world.pickOf(unreplied);
    if (!id) {
      const o = await client.send("onlineMessages", who, UNREPLIED);
      for (const m of o.data?.onlineMessages ?? [])
        if (!world.messages.has(String(m.id))) world.messages.set(String(m.id), false);
      return;
    }
    const text = `已转县相关部门办理，答复编号 ${world.run}-${world.next()}。`;
    const o = await client.send("replyToMessage", who, REPLY, { id, text, unit: "县住建局" });
    if (o.ok) world.acks.push({ kind: "reply", ref: `reply:${id}`, id, expect: { reply: text } });
    if (o.ok || o.codes.includes("PROCEDURE_VIOLATION")) world.messages.set(id, true);
    return;
  }
  if (r < 80) {
    const o = await client.send("onlineMessages", who, UNREPLIED);
    for (const m of o.data?.onlineMessages ?? [])
      if (!world.messages.has(String(m.id))) world.messages.set(String(m.id), false);
    return;
  }
  if (r < 90) {
    await client.send("hotlineCalls", who, HOTLINE);
    return;
  }
  return read(a);
}

const POST = `mutation($title: String!, $content: String!, $category: PetitionCategory!, $key: String, $authorName: String, $authorPhone: String) {
  postMessage(title: $title, content: $content, category: $category, idempotencyKey: $key, authorName: $authorName, authorPhone: $authorPhone) { id title content } }`;
const MINE = `query { onlineMessages(first: 20) { id title reply { text } } }`;

export async function publicAction(a: Actor): Promise<void> {
  const { world, who, client } = a;
  const r = world.random() * 100;
  if (r < 60) {
    const { category, title, content } = world.text();
    const key = world.chance(0.5) ? `soak-msg-${world.run}-${world.next()}` : null;
    const vars = {
      title,
      content,
      category,
      key,
      authorName: syntheticName(world.random),
      authorPhone: syntheticPhone(world.random),
    };
    const acknowledge = (o: Awaited<ReturnType<typeof sendWrite>>) => {
      if (!o.ok) return;
      const m = o.data.postMessage;
      world.acks.push({
        kind: "message",
        ref: title,
        id: String(m.id),
        key,
        expect: { title, content },
      });
      if (!world.messages.has(String(m.id))) world.messages.set(String(m.id), false);
    };
    const first = await sendWrite(a, "postMessage", who, POST, vars, key !== null);
    acknowledge(first);
    if (first.ok && key && world.chance(0.3))
      acknowledge(await sendWrite(a, "postMessage.retry", who, POST, vars, true));
    return;
  }
  if (r < 85) {
    await client.send("onlineMessages", who, MINE);
    return;
  }
  await client.send("search", who, SEARCH, {
    text: pick(world.random, DEMO_MATTERS.HOUSING_PROJECT),
  });
}
