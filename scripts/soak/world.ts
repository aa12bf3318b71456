import { idNumberCheckDigit, PetitionCategory } from "../../common/domain";
import {
  between,
  DEMO_MATTERS,
  DEMO_TOWNS,
  pick,
  seededRandom,
  syntheticName,
  syntheticPhone,
  type Random,
} from "../../seed";
import type { Account } from "./client";
import type { Acknowledged, AuditedRead } from "./ledger";

/** A petition the soak registered, as far as its clients know it. */
export interface KnownPetition {
  id: string;
  version: number;
  status: string;
  evaluated: boolean;
}

/**
 * What the clients share: the records they made and may act on, every acknowledged write and
 * every unmasked read they were answered (the ledger's input), and the run's random source.
 */
export class World {
  readonly random: Random;
  readonly petitions = new Map<string, KnownPetition>();
  /** petitioners whose personal data may be read: the demo's and the soak's own */
  readonly petitionerIds = new Set<string>();
  /** messages a unit may reply to (false) or has replied to (true) */
  readonly messages = new Map<string, boolean>();
  /** the soak's dispute items, and whether they are still OPEN */
  readonly riskItems = new Map<string, boolean>();
  readonly demoPetitionIds: string[] = [];
  readonly searchTerms: string[] = [
    "拆迁安置",
    "拖欠工资",
    "西环教委家属楼",
    "养老保险",
    "土地征占补偿款",
  ];
  readonly acks: Acknowledged[] = [];
  readonly auditedReads: AuditedRead[] = [];
  /** accounts per role, so a request can be sent at once from a second client of the same role */
  readonly accounts = new Map<string, Account[]>();
  /** clients pick no new action after this (set when they start) */
  deadline = Infinity;
  private sequence = 0;

  constructor(
    /** tells this run's records from any other's */
    readonly run: string,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  next(): number {
    return ++this.sequence;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pickOf<T>(items: Iterable<T>): T | undefined {
    const list = [...items];
    return list.length ? pick(this.random, list) : undefined;
  }

  petitionsIn(...statuses: string[]): KnownPetition[] {
    return [...this.petitions.values()].filter((p) => statuses.includes(p.status));
  }

  /** Other clients' accounts of the same role (up to n), for a request sent at once from several clients. */
  peersOf(who: Account, n: number): Account[] {
    const others = (this.accounts.get(who.role) ?? []).filter((a) => a.subject !== who.subject);
    const chosen: Account[] = [];
    while (chosen.length < n && others.length)
      chosen.push(others.splice(Math.floor(this.random() * others.length), 1)[0]);
    return chosen;
  }

  /** A matter and a text that no other write of the run has, so each read back is exact. */
  text(): { category: PetitionCategory; title: string; content: string } {
    const category = pick(this.random, Object.values(PetitionCategory));
    const matter = pick(this.random, DEMO_MATTERS[category]);
    const n = this.next();
    const town = pick(this.random, DEMO_TOWNS);
    return {
      category,
      title: `${matter}（${this.run}-${n}）`,
      content: `${town}群众反映${matter}，请求尽快依法处理。登记编号 ${this.run}-${n}，第${between(this.random, 1, 9)}次反映。`,
    };
  }

  petitionInput(): Record<string, unknown> {
    const { category, title, content } = this.text();
    const people = Array.from({ length: between(this.random, 1, 3) }, () => ({
      name: syntheticName(this.random),
      phone: syntheticPhone(this.random),
      idNumber: this.chance(0.5) ? this.idNumber() : null,
      townId: String(between(this.random, 1, 5)),
    }));
    return {
      title,
      content,
      category,
      channel: pick(this.random, ["LETTER", "VISIT", "ONLINE", "PHONE"]),
      source: "COUNTY_INTAKE",
      townId: String(between(this.random, 1, 5)),
      petitioners: people,
    };
  }

  /** An invented ID number of the county (131028), with a valid check digit. */
  private idNumber(): string {
    const birth = `${between(this.random, 1950, 2000)}${String(between(this.random, 1, 12)).padStart(2, "0")}${String(between(this.random, 1, 28)).padStart(2, "0")}`;
    const first17 = `131028${birth}${String(between(this.random, 0, 999)).padStart(3, "0")}`;
    return first17 + idNumberCheckDigit(first17);
  }
}

/** The combined case view of one petition: every department's part. */
export const CASE_VIEW = `query($id: ID!) { petition(id: $id) {
  id serialNo title status version receivedAt acceptanceDeadline overdue
  town { name } petitioners { id name } visits { level headcount } reviews { kind }
  backlog { batch leadLeader { name } } riskItems { status } receptions { leader { name } headcount }
  onlineMessages { title reply { text } } evaluation { rating } } }`;

/** A petitioner with every personal field: unmasked for bureau staff and leaders, and audited. */
export const PETITIONER_READ = `query($id: ID!) { petitioner(id: $id) { id name idNumber phone } }`;

export const SEARCH = `query($text: String!) { search(text: $text) {
  petitions(first: 5) { id serialNo title } riskItems(first: 5) { id description }
  opinionDigests(first: 5) { id title } onlineMessages(first: 5) { id title } hotlineCalls(first: 5) { id summary } } }`;

/** Whether a personal value came back as it is, not masked. */
export const unmasked = (value: unknown) => typeof value === "string" && !value.includes("*");
