/**
 * How the crisis hit each industry. The skew is the point of the demo: the sidebar should surface
 * struggling travel and hospitality customers for relief offers, and thriving healthcare and
 * delivery customers for expansion, without anyone tagging them by hand.
 */
export type CrisisImpact = '' | 'Struggling' | 'Stable' | 'Thriving';

export type Sector = 'travel' | 'boom' | 'mixed';

export interface IndustryProfile {
  name: string;
  sector: Sector;
  /** Share of all accounts. */
  weight: number;
  crisis: Record<'none' | 'Struggling' | 'Stable' | 'Thriving', number>;
  /** Company-name endings, e.g. "Airways". */
  suffixes: readonly string[];
  /** Probability the domain is .io rather than .com/.co. */
  io: number;
  /** End users reached per active user per week (guests, patients, parcels' recipients...). */
  reachPerUser: [number, number];
  /** Whether demand follows the calendar, which makes seasonal usage likely. */
  seasonal: boolean;
  tags: readonly string[];
}

const TRAVEL_CRISIS = { none: 6, Struggling: 76, Stable: 14, Thriving: 4 };
const BOOM_CRISIS = { none: 6, Struggling: 4, Stable: 20, Thriving: 70 };

export const INDUSTRIES: readonly IndustryProfile[] = [
  {
    name: 'Airline',
    sector: 'travel',
    weight: 5,
    crisis: TRAVEL_CRISIS,
    suffixes: ['Air', 'Airways', 'Airlines', 'Aviation', 'Jet'],
    io: 0,
    reachPerUser: [80, 400],
    seasonal: true,
    tags: ['fleet', 'loyalty program'],
  },
  {
    name: 'Hotel',
    sector: 'travel',
    weight: 9,
    crisis: TRAVEL_CRISIS,
    suffixes: ['Hotels', 'Inn', 'Suites', 'Resorts', 'Lodge', 'Hospitality'],
    io: 0,
    reachPerUser: [20, 120],
    seasonal: true,
    tags: ['multi-site', 'boutique'],
  },
  {
    name: 'Tour operator',
    sector: 'travel',
    weight: 8,
    crisis: TRAVEL_CRISIS,
    suffixes: ['Tours', 'Travel', 'Journeys', 'Expeditions', 'Adventures', 'Getaways'],
    io: 0.05,
    reachPerUser: [15, 90],
    seasonal: true,
    tags: ['group travel', 'seasonal'],
  },
  {
    name: 'Event venue',
    sector: 'travel',
    weight: 6,
    crisis: TRAVEL_CRISIS,
    suffixes: ['Events', 'Hall', 'Arena', 'Venues', 'Pavilion', 'Conference Center'],
    io: 0,
    reachPerUser: [30, 250],
    seasonal: true,
    tags: ['ticketing', 'weddings'],
  },
  {
    name: 'Healthcare',
    sector: 'boom',
    weight: 10,
    crisis: BOOM_CRISIS,
    suffixes: ['Health', 'Clinics', 'Medical', 'Care', 'Diagnostics', 'Physio'],
    io: 0.05,
    reachPerUser: [10, 60],
    seasonal: false,
    tags: ['HIPAA', 'telehealth', 'multi-site'],
  },
  {
    name: 'Delivery & logistics',
    sector: 'boom',
    weight: 9,
    crisis: BOOM_CRISIS,
    suffixes: ['Logistics', 'Couriers', 'Freight', 'Delivery', 'Express', 'Fulfillment'],
    io: 0.1,
    reachPerUser: [40, 300],
    seasonal: false,
    tags: ['last mile', 'fleet', 'api'],
  },
  {
    name: 'Software',
    sector: 'mixed',
    weight: 16,
    crisis: { none: 10, Struggling: 14, Stable: 44, Thriving: 32 },
    suffixes: ['Labs', 'Software', 'Systems', 'Technologies', 'Cloud', 'Analytics'],
    io: 0.6,
    reachPerUser: [5, 80],
    seasonal: false,
    tags: ['api', 'sso', 'startup'],
  },
  {
    name: 'Retail',
    sector: 'mixed',
    weight: 14,
    crisis: { none: 10, Struggling: 38, Stable: 36, Thriving: 16 },
    suffixes: ['Outfitters', 'Goods', 'Market', 'Supply', 'Home', 'Boutique'],
    io: 0.05,
    reachPerUser: [20, 150],
    seasonal: true,
    tags: ['e-commerce', 'multi-site', 'holiday peak'],
  },
  {
    name: 'Education',
    sector: 'mixed',
    weight: 11,
    crisis: { none: 10, Struggling: 16, Stable: 50, Thriving: 24 },
    suffixes: ['Academy', 'Learning', 'Tutors', 'School', 'Institute', 'Education'],
    io: 0.15,
    reachPerUser: [8, 40],
    seasonal: true,
    tags: ['remote learning', 'nonprofit'],
  },
  {
    name: 'Finance',
    sector: 'mixed',
    weight: 12,
    crisis: { none: 10, Struggling: 20, Stable: 55, Thriving: 15 },
    suffixes: ['Capital', 'Financial', 'Partners', 'Advisors', 'Wealth', 'Credit Union'],
    io: 0.1,
    reachPerUser: [5, 30],
    seasonal: false,
    tags: ['compliance', 'sso'],
  },
];

export function industryByName(name: string): IndustryProfile {
  const found = INDUSTRIES.find((i) => i.name === name);
  if (!found) throw new Error(`unknown industry ${name}`);
  return found;
}

/** Industries a test or a demo script can treat as "travel and hospitality" / "booming". */
export const TRAVEL_INDUSTRIES = INDUSTRIES.filter((i) => i.sector === 'travel').map((i) => i.name);
export const BOOM_INDUSTRIES = INDUSTRIES.filter((i) => i.sector === 'boom').map((i) => i.name);
