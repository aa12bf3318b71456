import { DEMO_COUNTY_LEADERS } from "../../common";

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
if (COUNTY_LEADERS.length !== DEMO_COUNTY_LEADERS) throw new Error("the demo needs one county leader per DEMO_COUNTY_LEADERS");

export const SURNAMES = [..."王李张刘陈杨赵黄吴徐胡郭何高林罗梁谢宋唐邓彭"];
export const GIVEN = [..."建国志强海军丽华春生永明文德振金福宝山红艳立新继平晓"];

/** Invented village names, three per town. */
export const VILLAGES = [
  ["东营村", "前屯村", "南关村"],
  ["西马庄村", "后店村", "小辛庄村"],
  ["北坞村", "大王庄村", "高庄子村"],
  ["刘各庄村", "杨家屯村", "新民村"],
  ["胜利村", "和平村", "兴旺村"],
];

/** Where county leaders sit on their reception day. */
export const COUNTY_RECEPTION_PLACE = "县群众工作中心";

/**
 * 2017's working days differ from Monday to Friday: the State Council's holiday schedule moved
 * some days off and back.
 */
export const HOLIDAYS_2017 = new Set([
  "2017-01-02",
  "2017-01-27", "2017-01-30", "2017-01-31", "2017-02-01", "2017-02-02",
  "2017-04-03", "2017-04-04",
  "2017-05-01",
  "2017-05-29", "2017-05-30",
  "2017-10-02", "2017-10-03", "2017-10-04", "2017-10-05", "2017-10-06",
]);
export const MAKEUP_WORKDAYS_2017 = new Set(["2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30"]);

export const DIGEST_ADVICE = [
  "建议有关部门加快政策落实进度,及时向群众公开办理情况。",
  "建议加强政策宣传解释,做好群众思想疏导工作。",
  "建议属地镇政府牵头,会同职能部门研究解决办法。",
  "建议纳入县委、县政府惠民实事统筹考虑。",
];
