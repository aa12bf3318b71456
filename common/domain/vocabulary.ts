import { registerEnumType } from "type-graphql";

/**
 * The categories of matters, shared by every department's records. One enum for all three
 * subgraphs, so that composition sees the same values everywhere.
 */
export enum PetitionCategory {
  /** 土地征占 */
  LAND_ACQUISITION = "LAND_ACQUISITION",
  /** 城镇拆迁 */
  DEMOLITION = "DEMOLITION",
  /** 拖欠工资 */
  WAGE_ARREARS = "WAGE_ARREARS",
  /** 劳动社保 */
  LABOR_AND_SOCIAL_SECURITY = "LABOR_AND_SOCIAL_SECURITY",
  /** 涉法涉诉 */
  LAW_AND_LITIGATION = "LAW_AND_LITIGATION",
  /** 干部违纪 */
  CADRE_DISCIPLINE = "CADRE_DISCIPLINE",
  /** 涉军 */
  VETERANS = "VETERANS",
  /** 问题楼盘 */
  HOUSING_PROJECT = "HOUSING_PROJECT",
  /** 原民办教师 */
  FORMER_COMMUNITY_TEACHERS = "FORMER_COMMUNITY_TEACHERS",
  /** 非法集资 */
  ILLEGAL_FUNDRAISING = "ILLEGAL_FUNDRAISING",
  OTHER = "OTHER",
}
registerEnumType(PetitionCategory, {
  name: "PetitionCategory",
  description: "信访事项分类: the kind of matter",
});

export const PETITION_CATEGORIES = Object.values(PetitionCategory);
