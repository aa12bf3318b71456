import { addDays } from "../common/time/clock";
import { officeHours, workingDays } from "./calendar";
import type { PlanHistory } from "./plan";
import { between, splitTotal, type Random } from "./random";
import type { YearTargets } from "./targets";
import { PetitionCategory } from "../common/domain/vocabulary";

/**
 * 积案交办: the year's backlog batches. The joint meeting lists long-unresolved matters (the
 * yearbook: 3 batches, 76 items in 2017), each with a county leader who follows it through.
 */
export interface PlannedBacklog {
  petitionId: number;
  batch: number;
  assignedAt: Date;
  /** a county leader of masswork's, 1…8 */
  leaderId: number;
  resolvedAt: Date | null;
}

/** Matters that tend to drag on: housing, demolition, fundraising losses, veterans' and teachers' claims. */
const STUBBORN = new Set<PetitionCategory>([
  PetitionCategory.DEMOLITION,
  PetitionCategory.HOUSING_PROJECT,
  PetitionCategory.ILLEGAL_FUNDRAISING,
  PetitionCategory.VETERANS,
  PetitionCategory.FORMER_COMMUNITY_TEACHERS,
  PetitionCategory.LAND_ACQUISITION,
]);
const DAY_MS = 86_400_000;

export function planBacklog(
  random: Random,
  t: YearTargets,
  h: PlanHistory,
  snapshot: Date,
  countyLeaders = 8,
): PlannedBacklog[] {
  const onList = h.onBacklog;
  const days = workingDays(t.year);
  const sizes = splitTotal(
    random,
    t.backlog.batches,
    t.backlog.items,
    1,
    t.backlog.items,
    () => 1 + random(),
  );
  const items: PlannedBacklog[] = [];
  sizes.forEach((size, b) => {
    const assignedAt = officeHours(
      days[Math.floor((days.length * (b + 1)) / (t.backlog.batches + 1))],
      random,
    );
    // matters at least six weeks old, repeated, collective or of a stubborn kind first
    const cutoff = assignedAt.getTime() - 45 * DAY_MS;
    let candidates = 0;
    while (candidates < h.receivedAt.length && h.receivedAt[candidates] < cutoff) candidates++;
    for (let chosen = 0, tries = 0; chosen < size; tries++) {
      if (tries > 1000 * size)
        throw new Error(`too few petitions for backlog batch ${b + 1} of ${t.year}`);
      const i = Math.floor(random() * candidates);
      const weight =
        (h.firstTime[i] ? 0.15 : 0.5) +
        (h.headcount[i] >= 5 ? 0.3 : 0) +
        (STUBBORN.has(h.category[i]) ? 0.2 : 0);
      if (onList.has(i + 1) || random() >= weight) continue;
      onList.add(i + 1);
      chosen++;
      const resolvedAt = random() < 0.55 ? addDays(assignedAt, between(random, 30, 240)) : null;
      items.push({
        petitionId: i + 1,
        batch: b + 1,
        assignedAt,
        leaderId: between(random, 1, countyLeaders),
        resolvedAt: resolvedAt && resolvedAt.getTime() < snapshot.getTime() ? resolvedAt : null,
      });
    }
  });
  return items;
}
