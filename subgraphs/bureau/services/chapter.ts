import type { CountYoY, EscalationFigures, VisitFigures } from "../entities/annual-report";
import type {
  ReceptionFigures,
  ScreeningFigures,
  WebsiteFigures,
} from "../external/report-figures";

/**
 * The yearbook chapter's 概况 and sections written from the year's figures, in the yearbook's
 * own style: 件次/人次/批次, changes as 同比…上升/下降 x% to one decimal (持平 when unchanged; no
 * clause when the year before holds none), the website's reply rate in whole tens (80%以上).
 * Only what the records hold: nothing about events, people or measures they do not record
 * (the yearbook's 进京非正常上访, training and arrests are no department's records).
 */
export interface ChapterFigures {
  year: number;
  visits: VisitFigures;
  onlineTransfers: CountYoY;
  escalated: EscalationFigures;
  backlogAssigned: number;
  backlogBatches: number;
  /** the other departments' figures; null when that department could not be asked */
  screening: ScreeningFigures | null;
  countyLeaderReceptions: ReceptionFigures | null;
  website: WebsiteFigures | null;
  opinionDigests: number | null;
}

/** 同比件次上升 12.7% / 下降 3.0% / 持平; empty when there is nothing to compare with. */
export function change(unit: string, c: number | null): string {
  if (c === null) return "";
  const pct = Math.round(Math.abs(c) * 1000) / 10;
  if (pct === 0) return `,同比${unit}持平`;
  return `,同比${unit}${c > 0 ? "上升" : "下降"}${pct.toFixed(1)}%`;
}

/** 80%以上 for 0.8–0.9, 100% for all; the yearbook gives the website's rate in whole tens. */
export function replyRateText(rate: number): string {
  const tens = Math.floor(rate * 10 + 1e-9) * 10;
  return Math.abs(rate * 100 - tens) < 1e-9 ? `${tens}%` : `${tens}%以上`;
}

export function writeChapter(f: ChapterFigures): string {
  const y = `${f.year}年`;
  const v = f.visits;
  const e = f.escalated;
  const overview =
    `【概况】${y},县信访局接待群众来访${v.all.count}件次${v.all.persons}人次${change("件次", v.all.changeFromPreviousYear)}` +
    `(初访:${v.firstTime.count}件${v.firstTime.persons}人${change("件次", v.firstTime.changeFromPreviousYear)}),` +
    `集体访${v.collective.count}批次${v.collective.persons}人次${change("批次", v.collective.changeFromPreviousYear)}` +
    `(初访:${v.collectiveFirstTime.count}批${v.collectiveFirstTime.persons}人${change("批次", v.collectiveFirstTime.changeFromPreviousYear)})。` +
    `受理国家、省、市转送网上信访事项${f.onlineTransfers.count}件次${change("件次", f.onlineTransfers.changeFromPreviousYear)}。` +
    `发生赴市以上越级访${e.total.count}件次${change("件次", e.total.changeFromPreviousYear)},` +
    `其中进京访${e.national.count}件次${change("件次", e.national.changeFromPreviousYear)};` +
    `赴省访${e.provincial.count}件次${change("件次", e.provincial.changeFromPreviousYear)};` +
    `到市访${e.municipal.count}件次${change("件次", e.municipal.changeFromPreviousYear)}。`;
  const sections = [overview];
  if (f.screening) {
    const s = f.screening;
    sections.push(
      `【抓源头预防】${y},累计排查矛盾隐患${s.found}件,化解${s.resolved}件,` +
        (s.escalated === 0 ? "没有1起矛盾激化情况发生。" : `矛盾激化${s.escalated}件。`),
    );
  }
  const reception: string[] = [];
  if (f.countyLeaderReceptions)
    reception.push(
      `县级党政领导干部接待来访群众${f.countyLeaderReceptions.cases}件次${f.countyLeaderReceptions.persons}人次`,
    );
  if (f.website)
    reception.push(
      `“大厂为人民服务网”收到群众网络留言${f.website.messages}条` +
        (f.website.messages > 0 ? `,回复处理率${replyRateText(f.website.replyRate)}` : ""),
    );
  if (reception.length > 0) sections.push(`【抓干部接访】${y},${reception.join(";")}。`);
  if (f.backlogAssigned > 0)
    sections.push(
      `【抓积案化解】${y},分${f.backlogBatches}批对${f.backlogAssigned}件次重点信访案件进行集中交办,逐一明确县级包案领导。`,
    );
  if (f.opinionDigests !== null && f.opinionDigests > 0)
    sections.push(`【抓力量整合】${y},梳理汇总社情民意${f.opinionDigests}条。`);
  return sections.join("\n");
}
