import { addDays } from "./clock";
import { PetitionCategory } from "./vocabulary";

/**
 * The demo storyline: synthetic, deterministic facts about a few hundred cases that more than
 * one department records. Each department writes its own records from it, so that references
 * across subgraphs (a message that became a petition, an evaluation of a replied case, a
 * backlog item's lead leader) agree without any department reading another's database.
 * Everything here is invented; no real person appears.
 */

/** A small, fast, seedable generator (mulberry32): the same seed gives the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** The county's towns (镇), ids 1…5 in the masswork subgraph. */
export const DEMO_TOWNS = ["大厂镇", "夏垫镇", "祁各庄镇", "邵府镇", "陈府镇"] as const;

/** County-level leaders are masswork's leaders 1…DEMO_COUNTY_LEADERS. */
export const DEMO_COUNTY_LEADERS = 8;

export const DEMO_YEAR = 2017;

/** The procedure step a demo case has reached. */
export type DemoStage = "REGISTERED" | "ACCEPTED" | "DECLINED" | "IN_PROGRESS" | "REPLIED" | "UNDER_REVIEW" | "UNDER_RECHECK" | "CLOSED";

export interface DemoCase {
  /** the petition's id in the bureau */
  id: number;
  category: PetitionCategory;
  townId: number;
  receivedAt: Date;
  headcount: number;
  online: boolean;
  /** the service center's message this petition came from, when it came online */
  messageId: number | null;
  stage: DemoStage;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  /** the petitioner's satisfaction, when evaluated (replied cases only) */
  rating: "SATISFIED" | "BASICALLY_SATISFIED" | "UNSATISFIED" | null;
  /** backlog batch (1…3) and lead leader, for long-unresolved cases */
  backlog: { batch: number; leaderId: number } | null;
}

const CATEGORY_WEIGHTS: [PetitionCategory, number][] = [
  [PetitionCategory.LAND_ACQUISITION, 16],
  [PetitionCategory.DEMOLITION, 14],
  [PetitionCategory.WAGE_ARREARS, 14],
  [PetitionCategory.LABOR_AND_SOCIAL_SECURITY, 12],
  [PetitionCategory.LAW_AND_LITIGATION, 9],
  [PetitionCategory.CADRE_DISCIPLINE, 6],
  [PetitionCategory.VETERANS, 5],
  [PetitionCategory.HOUSING_PROJECT, 8],
  [PetitionCategory.FORMER_COMMUNITY_TEACHERS, 4],
  [PetitionCategory.ILLEGAL_FUNDRAISING, 5],
  [PetitionCategory.OTHER, 7],
];

function weighted<T>(random: () => number, weights: [T, number][]): T {
  let r = random() * weights.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of weights) if ((r -= w) < 0) return value;
  return weights[weights.length - 1][0];
}

const STAGES: [DemoStage, number][] = [
  ["REGISTERED", 4],
  ["ACCEPTED", 5],
  ["DECLINED", 4],
  ["IN_PROGRESS", 8],
  ["REPLIED", 30],
  ["UNDER_REVIEW", 4],
  ["UNDER_RECHECK", 2],
  ["CLOSED", 43],
];

export const DEMO_CASES = 300;

/** The same list every time it is called. */
export function demoStoryline(count = DEMO_CASES): DemoCase[] {
  const random = seededRandom(2017);
  const start = Date.UTC(DEMO_YEAR, 0, 3, 1, 0, 0);
  const span = Date.UTC(DEMO_YEAR, 11, 20) - start;
  let messages = 0;
  const cases: DemoCase[] = [];
  for (let id = 1; id <= count; id++) {
    // received in order through the year, office hours in Beijing time (UTC+8)
    const day = new Date(start + Math.floor(((id - 1 + random() * 0.9) / count) * span / 86_400_000) * 86_400_000);
    const receivedAt = new Date(day.getTime() + Math.floor(random() * 8 * 60) * 60_000);
    const stage = weighted(random, STAGES);
    const online = random() < 0.22;
    const acceptedAt = stage === "REGISTERED" || stage === "DECLINED" ? null : addDays(receivedAt, 1 + Math.floor(random() * 13));
    const replied = ["REPLIED", "UNDER_REVIEW", "UNDER_RECHECK", "CLOSED"].includes(stage);
    const repliedAt = replied && acceptedAt ? addDays(acceptedAt, 10 + Math.floor(random() * 45)) : null;
    const rating = replied && random() < 0.75 ? weighted(random, [["SATISFIED", 70], ["BASICALLY_SATISFIED", 22], ["UNSATISFIED", 8]] as [DemoCase["rating"], number][]) : null;
    const backlog = random() < 0.08 ? { batch: 1 + Math.floor(random() * 3), leaderId: 1 + Math.floor(random() * DEMO_COUNTY_LEADERS) } : null;
    cases.push({
      id,
      category: weighted(random, CATEGORY_WEIGHTS),
      townId: 1 + Math.floor(random() * DEMO_TOWNS.length),
      receivedAt,
      headcount: random() < 0.2 ? 5 + Math.floor(random() * 40) : 1 + Math.floor(random() * 3),
      online,
      messageId: online ? ++messages : null,
      stage,
      acceptedAt,
      repliedAt,
      rating,
      backlog,
    });
  }
  return cases;
}

/** Short matter descriptions per category, for titles, messages and dispute items. */
export const DEMO_MATTERS: Record<PetitionCategory, string[]> = {
  LAND_ACQUISITION: ["土地征占补偿款未足额发放", "承包地被占用未获补偿", "征地后安置用地未落实"],
  DEMOLITION: ["城镇拆迁安置房迟迟未交付", "拆迁补偿标准争议", "西环教委家属楼拆迁安置问题"],
  WAGE_ARREARS: ["建筑工地拖欠农民工工资", "企业拖欠工资三个月", "施工队拖欠工资纠纷"],
  LABOR_AND_SOCIAL_SECURITY: ["养老保险缴费年限认定", "工伤认定与待遇支付", "医疗保险报销问题"],
  LAW_AND_LITIGATION: ["民事判决执行不到位", "对法院裁定不服", "案件久拖未结"],
  CADRE_DISCIPLINE: ["反映村干部违规处置集体资产", "反映干部作风问题", "村务财务不公开"],
  VETERANS: ["企业军转干部职级补助落实", "退役士兵生活困难补助", "涉军人员社会保险接续"],
  HOUSING_PROJECT: ["问题楼盘逾期交房", "购房后无法办理房产证", "小区配套设施未兑现"],
  FORMER_COMMUNITY_TEACHERS: ["原民办教师待遇落实", "原民办教师教龄认定", "原民办教师养老补助"],
  ILLEGAL_FUNDRAISING: ["非法集资受损者要求追偿", "投资公司无法兑付", "集资款清退进度"],
  OTHER: ["村内道路硬化", "冬季供暖不达标", "噪声扰民"],
};
