import { DEMO_COUNTY_LEADERS } from "../../seed";

/** Synthetic leaders: invented names, offices such as a county of this size has. */
export const COUNTY_LEADERS: [name: string, title: string][] = [
  ["周立新", "县委副书记"],
  ["韩继平", "常务副县长"],
  ["孙文博", "副县长"],
  ["冯晓梅", "副县长"],
  ["郑国栋", "县委常委、政法委书记"],
  ["许振华", "县人大常委会副主任"],
  ["马秀兰", "县政协副主席"],
  ["曹明亮", "县委常委、统战部部长"],
];
if (COUNTY_LEADERS.length !== DEMO_COUNTY_LEADERS)
  throw new Error("the dataset needs one county leader per DEMO_COUNTY_LEADERS");

/** Where county leaders sit on their reception day. */
export const COUNTY_RECEPTION_PLACE = "县群众工作中心";

export const DIGEST_ADVICE = [
  "建议有关部门加快政策落实进度,及时向群众公开办理情况。",
  "建议加强政策宣传解释,做好群众思想疏导工作。",
  "建议属地镇政府牵头,会同职能部门研究解决办法。",
  "建议纳入县委、县政府惠民实事统筹考虑。",
];

/** How a screened dispute was settled, written into its description once it is. */
export const SETTLEMENTS = [
  "经镇村两级调解,双方达成一致",
  "经职能部门现场办公,问题已解决",
  "经包联干部协调,群众诉求已落实",
];
