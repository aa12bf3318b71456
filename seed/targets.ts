/**
 * What the synthetic dataset must add up to, year by year. 2017 holds the county yearbook's
 * figures (see DOMAIN.md); 2016 holds counts chosen so that every change the yearbook gives
 * rounds to its published percentage (1451 against 1287 visits is +12.7%), and plausible
 * values where it gives none. The volumes the yearbook does not give are marked so.
 */
export interface CountAndPersons {
  count: number;
  persons: number;
}

export interface YearTargets {
  year: number;
  /** 来访 received by the county: collective and first-time visits are part of `all` */
  visits: {
    all: CountAndPersons;
    firstTime: CountAndPersons;
    collective: CountAndPersons;
    collectiveFirstTime: CountAndPersons;
  };
  /** 网上信访 transferred from the national, provincial or municipal level */
  onlineTransfers: number;
  /** 越级访 received at a higher level */
  escalated: { national: number; provincial: number; municipal: number };
  /** 排查矛盾隐患: found in the year, resolved in the year, found in the year and sharpened */
  screening: { found: number; resolved: number; escalated: number };
  /** 县级领导接访 */
  countyReceptions: { cases: number; persons: number };
  /** 网络留言 posted in the year, and of those the replied ones */
  website: { messages: number; replied: number };
  /** 积案交办: items assigned in the year, in batches */
  backlog: { items: number; batches: number };
  /** 社情民意 */
  digests: number;
  /** not in the yearbook: petitions by letter, by the hotline, by e-mail or fax, and from website messages */
  letters: number;
  phone: number;
  emailOrFax: number;
  fromMessages: number;
  /** not in the yearbook: receptions by town leaders, and calls to the mayor's hotline */
  townReceptions: number;
  /** not in the yearbook: receptions by village heads (村"两委") at their village committee */
  villageReceptions: number;
  hotlineCalls: number;
}

export const YEAR_TARGETS: Record<number, YearTargets> = {
  2016: {
    year: 2016,
    visits: {
      all: { count: 1287, persons: 7591 },
      firstTime: { count: 245, persons: 1362 },
      collective: { count: 279, persons: 5702 },
      // 68 is the nearest to the published +32.3% that a whole number gives: 90/68 is +32.4%
      collectiveFirstTime: { count: 68, persons: 1105 },
    },
    onlineTransfers: 82,
    escalated: { national: 40, provincial: 41, municipal: 78 },
    screening: { found: 198, resolved: 151, escalated: 1 },
    countyReceptions: { cases: 49, persons: 912 },
    website: { messages: 1536, replied: 1183 },
    backlog: { items: 58, batches: 2 },
    digests: 48,
    letters: 330,
    phone: 96,
    emailOrFax: 9,
    fromMessages: 107,
    townReceptions: 520,
    villageReceptions: 1260,
    hotlineCalls: 1480,
  },
  2017: {
    year: 2017,
    visits: {
      all: { count: 1451, persons: 8498 },
      firstTime: { count: 354, persons: 1832 },
      collective: { count: 310, persons: 6361 },
      collectiveFirstTime: { count: 90, persons: 1478 },
    },
    onlineTransfers: 203,
    escalated: { national: 65, provincial: 41, municipal: 104 },
    screening: { found: 225, resolved: 175, escalated: 0 },
    countyReceptions: { cases: 56, persons: 1067 },
    website: { messages: 2000, replied: 1652 },
    backlog: { items: 76, batches: 3 },
    digests: 60,
    letters: 372,
    phone: 118,
    emailOrFax: 12,
    fromMessages: 139,
    townReceptions: 610,
    villageReceptions: 1395,
    hotlineCalls: 1725,
  },
};

/** The years the default profile holds. */
export const SEED_YEARS = [2016, 2017] as const;

const times = (c: CountAndPersons, n: number): CountAndPersons => ({
  count: c.count * n,
  persons: c.persons * n,
});

/** Every count `scale` times over; batches stay batches, so the rates and changes stay the same. */
export function scaledTargets(t: YearTargets, scale: number): YearTargets {
  const v = t.visits;
  return {
    year: t.year,
    visits: {
      all: times(v.all, scale),
      firstTime: times(v.firstTime, scale),
      collective: times(v.collective, scale),
      collectiveFirstTime: times(v.collectiveFirstTime, scale),
    },
    onlineTransfers: t.onlineTransfers * scale,
    escalated: {
      national: t.escalated.national * scale,
      provincial: t.escalated.provincial * scale,
      municipal: t.escalated.municipal * scale,
    },
    screening: {
      found: t.screening.found * scale,
      resolved: t.screening.resolved * scale,
      escalated: t.screening.escalated * scale,
    },
    countyReceptions: {
      cases: t.countyReceptions.cases * scale,
      persons: t.countyReceptions.persons * scale,
    },
    website: { messages: t.website.messages * scale, replied: t.website.replied * scale },
    backlog: { items: t.backlog.items * scale, batches: t.backlog.batches },
    digests: t.digests * scale,
    letters: t.letters * scale,
    phone: t.phone * scale,
    emailOrFax: t.emailOrFax * scale,
    fromMessages: t.fromMessages * scale,
    townReceptions: t.townReceptions * scale,
    villageReceptions: t.villageReceptions * scale,
    hotlineCalls: t.hotlineCalls * scale,
  };
}
