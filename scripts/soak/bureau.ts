import { retryable, type Account, type GatewayClient } from "./client";
import type { Outcome } from "./stats";
import { unmasked, type KnownPetition, type World } from "./world";

/** One client's means: the shared world, the gateway, and its own account. */
export interface Actor {
  world: World;
  client: GatewayClient;
  who: Account;
}

/** A write with an idempotency key that failed for a retryable reason is sent again, this many times at most. */
const RETRIES = 5;
/** retries may go on this long after the clients' deadline */
const RETRY_GRACE_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a write; with a key, sends it again after a retryable failure (`<kind>.retry`). */
export async function sendWrite(
  a: Actor,
  kind: string,
  who: Account,
  query: string,
  variables: Record<string, unknown>,
  keyed: boolean,
): Promise<Outcome> {
  let outcome = await a.client.send(kind, who, query, variables);
  for (
    let attempt = 1;
    keyed && !outcome.ok && retryable(outcome) && attempt <= RETRIES;
    attempt++
  ) {
    if (Date.now() > a.world.deadline + RETRY_GRACE_MS) break;
    await sleep(500 * attempt);
    outcome = await a.client.send(
      `${kind.replace(/\.(twin|retry)$/, "")}.retry`,
      who,
      query,
      variables,
    );
  }
  return outcome;
}

/** Unmasked names that came back are audited reads: each must have left its row. */
export function noteAuditedReads(
  world: World,
  who: Account,
  petitioners: { id: string; name?: string }[] | null | undefined,
): void {
  if (who.role !== "bureau" && who.role !== "leader") return;
  for (const p of petitioners ?? [])
    if (unmasked(p?.name))
      world.auditedReads.push({ subject: who.subject, recordId: String(p.id) });
}

const REGISTER = `mutation($input: RegisterPetitionInput!, $key: String) {
  registerPetition(input: $input, idempotencyKey: $key) { id serialNo title content version status petitioners { id } } }`;

/**
 * 登记: a new petition. Half carry an idempotency key; of those some are sent again once
 * answered (the same id must come back), and some are sent at once by a second clerk.
 */
export async function register(a: Actor): Promise<void> {
  const { world, who } = a;
  const input = world.petitionInput();
  const key = world.chance(0.5) ? `soak-${world.run}-${world.next()}` : null;
  const r = world.random();
  const mode = !key ? "once" : r < 0.3 ? "again" : r < 0.5 ? "twin" : "once";
  const vars = { input, key };
  const acknowledge = (o: Outcome) => {
    if (!o.ok) return;
    const p = o.data.registerPetition;
    world.acks.push({
      kind: "registration",
      ref: input.title as string,
      id: String(p.id),
      key,
      unique: { serialNo: p.serialNo },
      expect: {
        title: input.title as string,
        content: input.content as string,
        serialNo: p.serialNo,
      },
    });
    if (!world.petitions.has(String(p.id)))
      world.petitions.set(String(p.id), {
        id: String(p.id),
        version: p.version,
        status: p.status,
        evaluated: false,
      });
    for (const person of p.petitioners ?? []) world.petitionerIds.add(String(person.id));
  };
  if (mode === "twin") {
    const peer = world.peersOf(who, 1)[0] ?? who;
    const answers = await Promise.all([
      sendWrite(a, "registerPetition", who, REGISTER, vars, true),
      sendWrite(a, "registerPetition.twin", peer, REGISTER, vars, true),
    ]);
    answers.forEach(acknowledge);
    return;
  }
  const first = await sendWrite(a, "registerPetition", who, REGISTER, vars, key !== null);
  acknowledge(first);
  if (first.ok && mode === "again")
    acknowledge(await sendWrite(a, "registerPetition.retry", who, REGISTER, vars, true));
}

/** A registration the rules refuse (BAD_USER_INPUT): a one-character title. */
export async function registerInvalid(a: Actor): Promise<void> {
  const input = { ...a.world.petitionInput(), title: "x" };
  await a.client.send("registerPetition.invalid", a.who, REGISTER, { input, key: null });
}

const STEPS: Record<string, { field: string; query: string }> = {};
for (const [name, field, args] of [
  ["accept", "acceptPetition", `, responsibleUnit: "县住建局"`],
  ["decline", "declinePetition", `, reason: "不属于信访事项受理范围，已告知向有权机关提出"`],
  ["startHandling", "startHandling", ""],
  ["reply", "replyToPetition", `, reply: "经调查核实，已依法作出书面答复并送达信访人。"`],
  ["close", "closePetition", ""],
] as const)
  STEPS[name] = {
    field,
    query: `mutation($id: ID!, $version: Int!) { ${field}(id: $id, version: $version${args}) { id version status } }`,
  };

/** What the procedure does next with a petition in this status (a refused step for finished ones). */
function nextStep(world: World, status: string): string {
  switch (status) {
    case "REGISTERED":
      return world.chance(0.85) ? "accept" : "decline";
    case "ACCEPTED":
      return world.chance(0.5) ? "startHandling" : "reply";
    case "IN_PROGRESS":
      return "reply";
    case "REPLIED":
      return "close";
    default:
      // declined or closed: accepting it is refused by rule (PROCEDURE_VIOLATION)
      return "accept";
  }
}

const REFRESH = `query($id: ID!) { petition(id: $id) { id version status evaluation { id } } }`;

async function refresh(a: Actor, p: KnownPetition): Promise<void> {
  const o = await a.client.send("refresh", a.who, REFRESH, { id: p.id });
  const fresh = o.data?.petition;
  if (!fresh || fresh.version < p.version) return;
  p.version = fresh.version;
  p.status = fresh.status;
  p.evaluated ||= Boolean(fresh.evaluation);
}

/**
 * One step of the procedure on a petition the soak registered. One in ten is sent with a stale
 * version (CONFLICT expected); closing a replied petition inside its review window without an
 * evaluation is refused by rule (PROCEDURE_VIOLATION expected).
 */
export async function step(
  a: Actor,
  p: KnownPetition,
  name = nextStep(a.world, p.status),
): Promise<void> {
  const { world, who } = a;
  const stale = world.chance(0.1);
  const version = stale ? (p.version > 1 ? p.version - 1 : p.version + 1) : p.version;
  const { field, query } = STEPS[name];
  const o = await a.client.send(stale ? `${name}.stale` : name, who, query, { id: p.id, version });
  if (o.ok) {
    const r = o.data[field];
    world.acks.push({
      kind: "step",
      ref: `step:${who.subject}:${world.next()}`,
      id: p.id,
      unique: { version: `${p.id}@${r.version}` },
      expect: { history: `${r.status}|${who.subject}` },
    });
    if (r.version > p.version) {
      p.version = r.version;
      p.status = r.status;
    }
    return;
  }
  const refusedByRule = name === "close" && o.codes.includes("PROCEDURE_VIOLATION");
  if (!stale && !refusedByRule) await refresh(a, p);
}

/** The bureau clerk's day: registrations, procedure steps, closing attempts, reads. */
export async function bureauAction(a: Actor, read: (a: Actor) => Promise<void>): Promise<void> {
  const { world } = a;
  const r = world.random() * 100;
  if (r < 28 || world.petitions.size < 5) return register(a);
  if (r < 30) return registerInvalid(a);
  if (r < 65) return step(a, world.pickOf(world.petitions.values())!);
  if (r < 75) {
    // closing replied petitions still inside their review window, as several clerks who see the
    // same case on their workbench do at once: one close at most may succeed (after an evaluation)
    const replied = world.pickOf(world.petitionsIn("REPLIED"));
    if (!replied) return step(a, world.pickOf(world.petitions.values())!);
    await Promise.all(
      [a.who, ...world.peersOf(a.who, 2)].map((who) => step({ ...a, who }, replied, "close")),
    );
    return;
  }
  return read(a);
}
