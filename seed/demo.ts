import { type PetitionCategory } from "../common/domain/vocabulary";
import { pick, type Random } from "./random";

/**
 * The words of the synthetic dataset that more than one department writes: the county's
 * towns and (invented) villages, the matters people raise, and invented names. No real
 * person appears; the yearbook's own names are never used for petitioners.
 */

/** The county's towns (镇), ids 1…5 in the masswork subgraph. */
export const DEMO_TOWNS = ["大厂镇", "夏垫镇", "祁各庄镇", "邵府镇", "陈府镇"] as const;

/** County-level leaders are masswork's leaders 1…DEMO_COUNTY_LEADERS. */
export const DEMO_COUNTY_LEADERS = 8;

/** Invented village names, three per town, in the towns' order. */
export const DEMO_VILLAGES: readonly (readonly string[])[] = [
  ["东营村", "前屯村", "南关村"],
  ["西马庄村", "后店村", "小辛庄村"],
  ["北坞村", "大王庄村", "高庄子村"],
  ["刘各庄村", "杨家屯村", "新民村"],
  ["胜利村", "和平村", "兴旺村"],
];

/** Short matter descriptions per category, for titles, messages and dispute items. */
export const DEMO_MATTERS: Record<PetitionCategory, string[]> = {
  LAND_ACQUISITION: [
    "土地征占补偿款未足额发放",
    "承包地被占用未获补偿",
    "征地后安置用地未落实",
    "集体土地流转收益分配不公",
  ],
  DEMOLITION: [
    "城镇拆迁安置房迟迟未交付",
    "拆迁补偿标准争议",
    "西环教委家属楼拆迁安置问题",
    "拆迁过渡费停发",
  ],
  WAGE_ARREARS: [
    "建筑工地拖欠农民工工资",
    "企业拖欠工资三个月",
    "施工队拖欠工资纠纷",
    "物流园区企业欠薪",
  ],
  LABOR_AND_SOCIAL_SECURITY: [
    "养老保险缴费年限认定",
    "工伤认定与待遇支付",
    "医疗保险报销问题",
    "失地农民社会保障落实",
  ],
  LAW_AND_LITIGATION: [
    "民事判决执行不到位",
    "对法院裁定不服",
    "案件久拖未结",
    "交通事故赔偿执行难",
  ],
  CADRE_DISCIPLINE: [
    "反映村干部违规处置集体资产",
    "反映干部作风问题",
    "村务财务不公开",
    "低保评定不公",
  ],
  VETERANS: [
    "企业军转干部职级补助落实",
    "退役士兵生活困难补助",
    "涉军人员社会保险接续",
    "伤残军人抚恤待遇调整",
  ],
  HOUSING_PROJECT: [
    "问题楼盘逾期交房",
    "购房后无法办理房产证",
    "小区配套设施未兑现",
    "开发商延期交房违约金",
  ],
  FORMER_COMMUNITY_TEACHERS: [
    "原民办教师待遇落实",
    "原民办教师教龄认定",
    "原民办教师养老补助",
    "代课教师工龄补偿",
  ],
  ILLEGAL_FUNDRAISING: [
    "非法集资受损者要求追偿",
    "投资公司无法兑付",
    "集资款清退进度",
    "理财公司跑路资金追缴",
  ],
  OTHER: ["村内道路硬化", "冬季供暖不达标", "噪声扰民", "农村饮水安全", "垃圾清运不及时"],
};

/**
 * The matter of a website message the service center passed on to the bureau, from the plan
 * alone, so that the message and the petition registered from it name the same matter (each
 * department draws the rest of its wording from its own random stream).
 */
export function matterOfMessage(category: PetitionCategory, messageId: number): string {
  const matters = DEMO_MATTERS[category];
  return matters[messageId % matters.length];
}

const SURNAMES = [
  ..."王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史",
];
const GIVEN = [
  ..."建国志强秀英桂兰玉梅海军丽华春生永明文德凤霞淑珍振华金福宝山红艳立新继平晓东伟芳娜敏静磊洋勇艳杰娟涛超明霞刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳佳",
];

/** An invented name: a common surname and one or two given characters. */
export function syntheticName(random: Random): string {
  return (
    pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.65 ? pick(random, GIVEN) : "")
  );
}

/** An invented mobile number. */
export function syntheticPhone(random: Random): string {
  return `1${pick(random, ["3", "5", "8"])}${Math.floor(random() * 10)}${String(Math.floor(random() * 1e8)).padStart(8, "0")}`;
}
