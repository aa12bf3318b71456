/**
 * The Chinese names the dashboard and the exports give the graph's values. Shared: the page
 * receives them with its settings, the exports write them into their files.
 */
export const CATEGORY_LABELS: Record<string, string> = {
  LAND_ACQUISITION: "土地征占",
  DEMOLITION: "城镇拆迁",
  WAGE_ARREARS: "拖欠工资",
  LABOR_AND_SOCIAL_SECURITY: "劳动社保",
  LAW_AND_LITIGATION: "涉法涉诉",
  CADRE_DISCIPLINE: "干部违纪",
  VETERANS: "涉军",
  HOUSING_PROJECT: "问题楼盘",
  FORMER_COMMUNITY_TEACHERS: "原民办教师",
  ILLEGAL_FUNDRAISING: "非法集资",
  OTHER: "其他",
};

export const CHANNEL_LABELS: Record<string, string> = {
  LETTER: "来信",
  VISIT: "来访",
  ONLINE: "网上",
  PHONE: "电话",
  EMAIL: "电子邮件",
  FAX: "传真",
};

/** the step of a case whose deadline has passed (督查) */
export const SUPERVISION_KIND_LABELS: Record<string, string> = {
  ACCEPTANCE: "受理",
  REPLY: "办结",
  REVIEW: "复查",
  RECHECK: "复核",
  FORWARDING: "转送交办",
};

export const LABELS = {
  category: CATEGORY_LABELS,
  channel: CHANNEL_LABELS,
  kind: SUPERVISION_KIND_LABELS,
};
