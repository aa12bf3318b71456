import type { Role } from "../../common/auth";
import { bureauAction, type Actor } from "./bureau";
import { account, type Account, type GatewayClient } from "./client";
import { leaderAction, massworkAction, publicAction, read, serviceCenterAction } from "./others";
import type { World } from "./world";

/**
 * Who the clients are, in this order as their number grows: a busy office is mostly clerks
 * of the bureau, with leaders reading petitioners, and the other departments and citizens.
 */
const ROLE_CYCLE: Role[] = [
  "bureau",
  "bureau",
  "leader",
  "masswork",
  "bureau",
  "service-center",
  "public",
  "bureau",
  "leader",
  "bureau",
];

export function rolesFor(connections: number): Role[] {
  return Array.from({ length: connections }, (_, i) => ROLE_CYCLE[i % ROLE_CYCLE.length]);
}

const ACTIONS: Partial<Record<Role, (a: Actor) => Promise<void>>> = {
  bureau: (a) => bureauAction(a, read),
  leader: leaderAction,
  masswork: massworkAction,
  "service-center": serviceCenterAction,
  public: publicAction,
};

export async function makeAccounts(
  secret: string,
  world: World,
  connections: number,
): Promise<Account[]> {
  const accounts: Account[] = [];
  const roles = rolesFor(connections);
  for (let i = 0; i < roles.length; i++) {
    const a = await account(secret, roles[i], `soak-${world.run}-${roles[i]}-${i + 1}`);
    accounts.push(a);
    world.accounts.set(a.role, [...(world.accounts.get(a.role) ?? []), a]);
  }
  return accounts;
}

/** What the demo data offers to act on: petitions and petitioners to read, messages to answer. */
export async function learnDemoData(
  world: World,
  client: GatewayClient,
  secret: string,
): Promise<void> {
  const integrator = await account(secret, "integrator", `soak-${world.run}-setup`);
  const page = await client.send(
    "setup",
    integrator,
    `query { petitions(first: 200) { edges { node { id petitioners { id } } } } }`,
  );
  if (!page.ok)
    throw new Error(
      `the demo petitions could not be read: ${page.codes.join(", ")} ${page.messages[0] ?? ""}`,
    );
  for (const { node } of page.data.petitions.edges) {
    world.demoPetitionIds.push(String(node.id));
    for (const p of node.petitioners) world.petitionerIds.add(String(p.id));
  }
  const desk = await account(secret, "service-center", `soak-${world.run}-setup-desk`);
  const messages = await client.send(
    "setup",
    desk,
    `query { onlineMessages(first: 200, replied: false) { id } }`,
  );
  for (const m of messages.data?.onlineMessages ?? []) world.messages.set(String(m.id), false);
}

/**
 * Every client runs its role's actions one after another until the deadline (a closed loop, as
 * clerks at their desks); an action that throws is a bug of the soak, and stops the run.
 */
export async function runClients(
  world: World,
  client: GatewayClient,
  accounts: Account[],
): Promise<void> {
  await Promise.all(
    accounts.map(async (who) => {
      const action = ACTIONS[who.role]!;
      while (Date.now() < world.deadline) await action({ world, client, who });
    }),
  );
}
