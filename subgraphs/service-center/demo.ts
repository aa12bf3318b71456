import type { DataSource, EntityManager } from "typeorm";
import { addDays, insertInChunks, DEMO_MATTERS, DEMO_YEAR, demoStoryline, pick, PETITION_CATEGORIES, seededRandom, type PetitionCategory } from "../../common";
import { Evaluation } from "./entities/evaluation";
import { HotlineCall } from "./entities/hotline-call";
import { OnlineMessage } from "./entities/online-message";
import { Rating } from "./enums";

const SURNAMES = [..."王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"];
const GIVEN = [..."建国志强秀英桂兰玉梅海军丽华春生永明文德凤霞淑珍振华金福宝山红艳"];
const HOUR_MS = 3_600_000;

/** The units that answer on the website, by the kind of matter. */
const UNITS: Record<PetitionCategory, string[]> = {
  LAND_ACQUISITION: ["县自然资源局", "县农业农村局"],
  DEMOLITION: ["县住建局", "县征收办"],
  WAGE_ARREARS: ["县人社局", "县劳动监察大队"],
  LABOR_AND_SOCIAL_SECURITY: ["县人社局", "县医保局"],
  LAW_AND_LITIGATION: ["县法院", "县司法局"],
  CADRE_DISCIPLINE: ["县纪委监委", "县农业农村局"],
  VETERANS: ["县退役军人事务局"],
  HOUSING_PROJECT: ["县住建局", "县不动产登记中心"],
  FORMER_COMMUNITY_TEACHERS: ["县教育局", "县人社局"],
  ILLEGAL_FUNDRAISING: ["县公安局", "县金融办"],
  OTHER: ["县城管局", "县交通运输局", "县住建局", "县生态环境分局"],
};

const REPLIES = [
  "您好,您反映的问题已收悉。经核实,我单位已安排专人调查处理,处理结果将及时告知,感谢您的监督。",
  "您好,经调查了解,您反映的情况基本属实。我单位已责成相关部门限期整改,如有疑问请到我单位咨询。",
  "您好,您反映的问题属于信访事项,已转县信访局依法登记受理,请关注办理进度。",
  "您好,经核查,相关政策已于近期落实到位,具体情况可携带有效证件到我单位窗口办理。",
  "您好,您反映的问题我单位高度重视,已会同属地镇政府现场核实,正在协调解决。",
];

function syntheticName(random: () => number): string {
  return pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.6 ? pick(random, GIVEN) : "");
}

/** Most authors leave a name and a phone; some post anonymously. Synthetic, never real. */
function author(random: () => number): Pick<OnlineMessage, "authorName" | "authorPhone"> {
  if (random() < 0.2) return { authorName: null, authorPhone: null };
  return { authorName: syntheticName(random), authorPhone: `13${Math.floor(random() * 10)}${String(Math.floor(random() * 1e8)).padStart(8, "0")}` };
}

function messageText(matter: string, random: () => number): string {
  return pick(random, [`${matter},多次反映未果,恳请有关部门尽快解决。`, `本人反映${matter}的问题,希望相关部门给予答复。`, `${matter},影响群众正常生活,请领导关注。`]);
}

/** Writes the service center's part of the demo storyline into an empty database. */
export async function loadDemoData(db: DataSource): Promise<boolean> {
  if ((await db.getRepository(OnlineMessage).count()) > 0) return false;
  const random = seededRandom(4003);
  const cases = demoStoryline();
  const messages: Partial<OnlineMessage>[] = [];

  // The storyline's online cases first: the bureau stores these message ids.
  for (const c of cases) {
    if (!c.online || c.messageId === null) continue;
    const matter = pick(random, DEMO_MATTERS[c.category]);
    const postedAt = new Date(c.receivedAt.getTime() - (24 + Math.floor(random() * 24)) * HOUR_MS);
    messages.push({
      id: c.messageId,
      title: matter,
      content: messageText(matter, random),
      category: c.category,
      postedAt,
      ...(c.acceptedAt
        ? { replyText: "您好,您反映的问题已转县信访局登记受理,将依法按期办理答复。", replyUnit: "县信访局", repliedAt: c.acceptedAt }
        : { replyText: null, replyUnit: null, repliedAt: null }),
      ...author(random),
    });
  }

  // Further messages over the year, about four in five replied by the unit concerned.
  const yearStart = Date.UTC(DEMO_YEAR - 1, 11, 31, 16);
  const yearSpan = Date.UTC(DEMO_YEAR, 11, 31, 16) - yearStart;
  let nextId = messages.reduce((max, m) => Math.max(max, m.id ?? 0), 0);
  for (let k = 0; k < 150; k++) {
    const category = pick(random, PETITION_CATEGORIES);
    const matter = pick(random, DEMO_MATTERS[category]);
    const postedAt = new Date(yearStart + Math.floor(random() * (yearSpan - 20 * 24 * HOUR_MS)));
    const replied = random() < 0.8;
    messages.push({
      id: ++nextId,
      title: matter,
      content: messageText(matter, random),
      category,
      postedAt,
      replyText: replied ? pick(random, REPLIES) : null,
      replyUnit: replied ? pick(random, UNITS[category]) : null,
      repliedAt: replied ? addDays(postedAt, 2 + Math.floor(random() * 12)) : null,
      ...author(random),
    });
  }

  // Hotline calls; about a quarter became (or joined) a storyline petition.
  const calls: Partial<HotlineCall>[] = [];
  for (let k = 0; k < 120; k++) {
    const linked = random() < 0.25 ? pick(random, cases) : null;
    const category = linked?.category ?? pick(random, PETITION_CATEGORIES);
    const receivedAt = linked
      ? new Date(linked.receivedAt.getTime() - Math.floor(random() * 48) * HOUR_MS)
      : new Date(yearStart + Math.floor(random() * yearSpan));
    calls.push({ receivedAt, summary: `来电反映${pick(random, DEMO_MATTERS[category])},请求协调解决。`, category, petitionId: linked?.id ?? null });
  }
  calls.sort((a, b) => a.receivedAt!.getTime() - b.receivedAt!.getTime());

  const evaluations: Partial<Evaluation>[] = cases
    .filter((c) => c.rating && c.repliedAt)
    .map((c) => ({ petitionId: c.id, rating: c.rating as Rating, evaluatedAt: addDays(c.repliedAt!, 2 + Math.floor(random() * 5)) }));

  await db.transaction(async (tx) => {
    await insertInChunks(tx, OnlineMessage, messages);
    await insertInChunks(tx, HotlineCall, calls);
    await insertInChunks(tx, Evaluation, evaluations);
  });
  return true;
}
