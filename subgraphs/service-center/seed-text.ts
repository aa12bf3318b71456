import { type PetitionCategory } from "../../common/domain";

/** The service center's wording of synthetic messages, replies and calls. */

/** The units that answer on the website, by the kind of matter. */
export const UNITS: Record<PetitionCategory, string[]> = {
  LAND_ACQUISITION: ["县自然资源和规划局", "县农业农村局"],
  DEMOLITION: ["县住房和城乡建设局", "县征收办"],
  WAGE_ARREARS: ["县人力资源和社会保障局", "县劳动保障监察大队"],
  LABOR_AND_SOCIAL_SECURITY: ["县人力资源和社会保障局", "县医疗保障局"],
  LAW_AND_LITIGATION: ["县人民法院", "县司法局"],
  CADRE_DISCIPLINE: ["县纪委监委", "县农业农村局"],
  VETERANS: ["县退役军人事务局"],
  HOUSING_PROJECT: ["县住房和城乡建设局", "县不动产登记中心"],
  FORMER_COMMUNITY_TEACHERS: ["县教育局", "县人力资源和社会保障局"],
  ILLEGAL_FUNDRAISING: ["县公安局", "县金融工作办公室"],
  OTHER: ["县城市管理综合执法局", "县交通运输局", "县住房和城乡建设局", "县生态环境分局"],
};

export const REPLIES = [
  "您好,您反映的问题已收悉。经核实,我单位已安排专人调查处理,处理结果将及时告知,感谢您的监督。",
  "您好,经调查了解,您反映的情况基本属实。我单位已责成相关部门限期整改,如有疑问请到我单位咨询。",
  "您好,经核查,相关政策已于近期落实到位,具体情况可携带有效证件到我单位窗口办理。",
  "您好,您反映的问题我单位高度重视,已会同属地镇政府现场核实,正在协调解决。",
  "您好,您反映的问题不属于我单位职责范围,已转交相关部门办理,请耐心等待答复。",
];

/** The reply when the center passes a message to the bureau as a petition. */
export const FORWARDED = {
  text: "您好,您反映的问题已转县信访局登记受理,将依法按期办理并答复。",
  unit: "县信访局",
};

export const MESSAGE_TEMPLATES = [
  "{matter},多次反映未果,恳请有关部门尽快解决。",
  "本人反映{town}{matter}的问题,希望相关部门给予答复。",
  "{town}{matter},影响群众正常生活,请领导关注。",
  "咨询:{matter}应当找哪个部门办理?",
];
export const CALL_TEMPLATES = {
  new: "来电反映{matter},请求协调解决。",
  progress: "来电询问{matter}一事的办理进度。",
};
