import type { CallerRole } from "../common/auth";

/**
 * The bench's workloads: what the front ends and integrators actually ask of the graph. Each
 * one is a set of request bodies that every connection sends in turn.
 */
export interface Workload {
  name: string;
  title: string;
  /** who would realistically send it (see headersFor) */
  role: CallerRole;
  /** also sent straight to the bureau subgraph, to measure the gateway's own overhead */
  direct: boolean;
  bodies(sample: SampleData): string[];
}

/** Ids and cursors read from the running system, so that requests name records that exist. */
export interface SampleData {
  totalPetitions: number;
  /** `after` cursors of consecutive pages of 20 (null: the first page) */
  pageCursors: (string | null)[];
  petitionIds: string[];
}

const CASE_FIELDS = `id serialNo title status receivedAt acceptanceDeadline overdue
  town { name } petitioners { name } visits { level headcount } reviews { kind }
  backlog { batch leadLeader { name } }
  riskItems { status } receptions { leader { name } headcount }
  onlineMessages { title reply { text } } evaluation { rating }`;

/** 综合案件视图: the case workbench's list, one page over all three departments */
export const PAGE_QUERY = `query CaseView($first: Int, $after: String) { petitions(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { ${CASE_FIELDS} } } } }`;

const PETITION_QUERY = `query CaseDetail($id: ID!) { petition(id: $id) { ${CASE_FIELDS} content channel category history { at to } } }`;

const REPORT_QUERY = `query AnnualReport($year: Int!) { annualReport(year: $year) { year
  visits { all { count persons changeFromPreviousYear } collective { count persons } firstTime { count persons } }
  onlineTransfers { count } escalatedVisits { total { count } national { count } provincial { count } municipal { count } }
  backlogAssigned backlogBatches screening { found resolved escalated } countyLeaderReceptions { cases persons }
  opinionDigests website { messages replied replyRate }
  threeRates { timelyAcceptance onTimeCompletion satisfaction participation } } }`;

const SEARCH_QUERY = `query Search($text: String!) { search(text: $text) { text
  petitions(first: 10) { id serialNo title status }
  riskItems { id description } opinionDigests { id title } onlineMessages { id title } hotlineCalls { id } } }`;

/** Only the bureau's own fields: the same query is valid on the bureau subgraph itself. */
const BUREAU_QUERY = `query BureauPage($first: Int) { petitions(first: $first) { totalCount edges { node {
  id serialNo title status channel category receivedAt acceptanceDeadline overdue
  petitioners { name } visits { level headcount } reviews { kind } backlog { batch } } } } }`;

export const SEARCH_TERMS = ["拆迁", "工资", "征地", "补偿", "噪声"];

function body(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

export const WORKLOADS: Workload[] = [
  {
    name: "page",
    title: "combined case view, pages of 20 petitions",
    role: "leader",
    direct: false,
    bodies: (s) => s.pageCursors.map((after) => body(PAGE_QUERY, { first: 20, after })),
  },
  {
    name: "petition",
    title: "one petition's combined view, changing ids",
    role: "leader",
    direct: false,
    bodies: (s) => s.petitionIds.map((id) => body(PETITION_QUERY, { id })),
  },
  {
    name: "report",
    title: "annual report 2017 (every department's figures)",
    role: "leader",
    direct: false,
    bodies: () => [body(REPORT_QUERY, { year: 2017 })],
  },
  {
    name: "search",
    title: "unified search over every department",
    role: "leader",
    direct: false,
    bodies: () => SEARCH_TERMS.map((text) => body(SEARCH_QUERY, { text })),
  },
  {
    name: "bureau",
    title: "bureau-only page of 20, through the gateway and straight to the subgraph",
    role: "bureau",
    direct: true,
    bodies: () => [body(BUREAU_QUERY, { first: 20 })],
  },
];

export function selectWorkloads(names: string[] | null): Workload[] {
  if (!names) return WORKLOADS;
  for (const n of names)
    if (!WORKLOADS.some((w) => w.name === n))
      throw new Error(`unknown workload "${n}": use ${WORKLOADS.map((w) => w.name).join(", ")}`);
  return WORKLOADS.filter((w) => names.includes(w.name));
}
