import { type PetitionCategory } from "../../common/domain";
import { DEMO_MATTERS, DEMO_TOWNS, DEMO_VILLAGES, pick, type Random } from "../../seed";

/** The bureau's wording of synthetic cases: contents, handling units, replies and decisions. */

/** The unit a matter is assigned to when accepted (责任单位). */
export const UNITS: Record<PetitionCategory, string[]> = {
  LAND_ACQUISITION: ["县自然资源和规划局", "县农业农村局", "属地镇政府"],
  DEMOLITION: ["县住房和城乡建设局", "县征收办", "属地镇政府"],
  WAGE_ARREARS: ["县人力资源和社会保障局", "县劳动保障监察大队"],
  LABOR_AND_SOCIAL_SECURITY: ["县人力资源和社会保障局", "县医疗保障局"],
  LAW_AND_LITIGATION: ["县人民法院", "县司法局", "县公安局"],
  CADRE_DISCIPLINE: ["县纪委监委", "属地镇党委"],
  VETERANS: ["县退役军人事务局", "县人力资源和社会保障局"],
  HOUSING_PROJECT: ["县住房和城乡建设局", "县不动产登记中心"],
  FORMER_COMMUNITY_TEACHERS: ["县教育局", "县人力资源和社会保障局"],
  ILLEGAL_FUNDRAISING: ["县公安局", "县金融工作办公室"],
  OTHER: ["县城市管理综合执法局", "县交通运输局", "县生态环境分局", "属地镇政府"],
};

const ASKS = [
  "请求有关部门依法处理",
  "请求尽快协调解决",
  "请求给予明确答复",
  "请求落实相关政策",
  "请求依法维护合法权益",
];
const DETAILS = [
  "多次向有关部门反映,至今未得到解决",
  "涉及本村多户群众",
  "已持续一年有余",
  "此前曾与有关单位协商未果",
  "相关手续材料齐全",
];

export function petitionText(
  random: Random,
  category: PetitionCategory,
  townId: number,
  headcount: number,
  /** the matter when the plan fixes it (a petition registered from a website message) */
  planned: string | null = null,
): { title: string; content: string } {
  // drawn even when the plan fixes the matter, so that the stream's later draws stay as they were
  const drawn = pick(random, DEMO_MATTERS[category]);
  const matter = planned ?? drawn;
  const place = `${DEMO_TOWNS[townId - 1]}${pick(random, DEMO_VILLAGES[townId - 1])}`;
  const who = headcount >= 5 ? `${place}群众${headcount}人` : `${place}村民`;
  return {
    title: matter,
    content: `${who}反映${matter}问题,${pick(random, DETAILS)},${pick(random, ASKS)}。`,
  };
}

const REPLIES = [
  "经调查核实,信访人反映的问题基本属实。已责成{unit}依法依规处理,并将处理结果书面告知信访人。",
  "经调查,信访人反映的问题部分属实。{unit}已制定解决方案,相关款项(待遇)将于近期落实到位。",
  "经核查,相关政策已执行到位,信访人诉求缺乏政策依据,已由{unit}向信访人当面解释说明。",
  "经{unit}会同属地镇政府现场调查,已协调双方达成一致意见,问题已解决。",
];

export function replyText(random: Random, unit: string): string {
  return pick(random, REPLIES).replace("{unit}", unit);
}

export const DECLINE_REASONS = [
  "属于诉讼程序处理范围,已告知信访人依法向人民法院提起诉讼",
  "属于仲裁程序处理范围,已告知信访人向劳动人事争议仲裁委员会申请仲裁",
  "不属于信访受理范围,已告知信访人通过法定途径解决",
];
/** 三级终结: the matter was closed after re-review */
export const CLOSED_FOR_GOOD = "该信访事项已经复核终结,不再受理";

export const EXTENSION_REASON = "案情复杂,需多部门会商核实";
export const REVIEW_OUTCOMES = [
  "维持原处理意见",
  "维持原处理意见",
  "撤销原处理意见,责成重新办理",
  "变更原处理意见",
];
export const RECHECK_OUTCOMES = ["维持复查意见", "维持复查意见", "变更复查意见"];
export const CLOSING_NOTES = {
  afterReply: "答复期满未申请复查",
  afterReview: "复查意见送达后期满未申请复核",
};
