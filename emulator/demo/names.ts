import type { IndustryProfile } from './industries';
import type { Rng } from './rng';

export const FIRST_NAMES: readonly string[] = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sophia', 'Lucas', 'Isabella', 'Ethan', 'Mia', 'Aiden',
  'Amelia', 'James', 'Harper', 'Benjamin', 'Evelyn', 'Elijah', 'Abigail', 'Daniel', 'Emily', 'Henry', 'Ella',
  'Jackson', 'Chloe', 'Samuel', 'Grace', 'Sebastian', 'Nora', 'David', 'Riley', 'Joseph', 'Aria', 'Carter',
  'Lily', 'Owen', 'Hannah', 'Wyatt', 'Layla', 'John', 'Zara', 'Julian', 'Leah', 'Levi', 'Maya', 'Isaac',
  'Priya', 'Arjun', 'Ananya', 'Rohan', 'Mei', 'Wei', 'Hiro', 'Yuki', 'Sakura', 'Min-jun', 'Ji-woo', 'Fatima',
  'Omar', 'Amina', 'Yusuf', 'Ines', 'Kwame', 'Ama', 'Chidi', 'Ngozi', 'Santiago', 'Valentina', 'Diego',
  'Camila', 'Lucia', 'Javier', 'Sofia', 'Pedro', 'Ingrid', 'Lars', 'Freya', 'Sven', 'Astrid', 'Niamh', 'Cian',
  'Aoife', 'Declan', 'Marta', 'Tomasz', 'Katarzyna', 'Pavel', 'Elena', 'Dmitri', 'Anya', 'Giulia', 'Marco',
  'Chiara', 'Luca', 'Camille', 'Louis', 'Manon', 'Hugo', 'Lena', 'Felix', 'Hannes', 'Greta', 'Tariq', 'Noor',
  'Rafael', 'Beatriz', 'Tiago', 'Inês', 'Kofi', 'Efua', 'Ravi', 'Meera', 'Sanjay', 'Kavya', 'Tom', 'Rachel',
  'Ben', 'Sarah', 'Alex', 'Jordan', 'Morgan', 'Casey', 'Taylor', 'Jamie', 'Robin', 'Quinn',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson',
  'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Patel', 'Shah', 'Singh', 'Kumar',
  'Gupta', 'Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Tanaka', 'Suzuki', 'Kim', 'Park', 'Choi', 'Ahmed', 'Hassan',
  'Ali', 'Okafor', 'Mensah', 'Boateng', 'Adeyemi', 'Silva', 'Santos', 'Costa', 'Oliveira', 'Rossi', 'Bianchi',
  'Ferrari', 'Esposito', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Dubois', 'Laurent', 'Moreau',
  'Lefebvre', 'Nowak', 'Kowalski', 'Novak', 'Ivanova', 'Petrov', 'Johansson', 'Andersson', 'Nielsen',
  'Hansen', 'Murphy', 'Kelly', 'Walsh', 'Byrne', 'Ryan', 'Fitzgerald', 'Doyle', 'Cohen', 'Levi', 'Friedman',
  'Jensen', 'Larsen', 'Van Dijk', 'De Vries', 'Bakker', 'Fernández', 'Romero', 'Navarro', 'Castillo',
];

/** First words of company names; combined with NOUNS and an industry suffix. */
const ADJECTIVES: readonly string[] = [
  'Blue', 'Silver', 'North', 'Bright', 'Clear', 'Golden', 'Green', 'Red', 'Summit', 'Swift', 'True', 'Prime',
  'Vivid', 'Bold', 'Quiet', 'Wild', 'Open', 'First', 'Grand', 'Coastal', 'Urban', 'Metro', 'Alpine', 'Polar',
  'Sunny', 'Crystal', 'Evergreen', 'Highland', 'Western', 'Eastern', 'Southern', 'Northern', 'Little', 'Great',
  'Royal', 'Noble', 'Copper', 'Amber', 'Scarlet', 'Ivory', 'Indigo', 'Velvet', 'Lucky', 'Happy', 'Rapid',
  'Steady', 'Solid', 'Honest', 'Modern', 'Classic', 'Pacific', 'Atlantic', 'Island', 'Desert', 'Mountain',
  'Harbor', 'Cedar', 'Maple', 'Iron', 'Stone',
];

const NOUNS: readonly string[] = [
  'Harbor', 'Ridge', 'Peak', 'Valley', 'Bay', 'Field', 'Grove', 'Bridge', 'Gate', 'Point', 'Crest', 'Haven',
  'Path', 'Wave', 'Wing', 'Star', 'Sky', 'Leaf', 'Brook', 'Forge', 'Anchor', 'Arrow', 'Falcon', 'Heron', 'Fox',
  'Wren', 'Otter', 'Lynx', 'Sparrow', 'Willow', 'Birch', 'Aspen', 'Juniper', 'Sage', 'Coral', 'Tide', 'Dune',
  'Mesa', 'Canyon', 'Meadow', 'Horizon', 'Atlas', 'Beacon', 'Compass', 'Keystone', 'Lighthouse', 'Pioneer',
  'Sterling', 'Vantage', 'Lumen', 'Nimbus', 'Orbit', 'Pinnacle', 'Summit', 'Oak', 'Pine', 'River', 'Lake',
  'Cove', 'Island', 'Trail', 'Spring', 'Ember', 'Comet', 'Raven', 'Bison', 'Elm', 'Fern', 'Glacier', 'Lantern',
];

export interface CompanyName {
  name: string;
  domain: string;
}

/**
 * A plausible company name that is unique in this CRM, with a domain derived from it. Names are
 * unique by domain too, because the product matches senders to accounts by domain.
 */
export function companyName(rng: Rng, industry: IndustryProfile, usedNames: Set<string>, usedDomains: Set<string>): CompanyName {
  for (let attempt = 0; ; attempt++) {
    const suffix = rng.pick(industry.suffixes);
    const noun = rng.pick(NOUNS);
    const adj = rng.pick(ADJECTIVES);
    const form = rng.next();
    let stem: string;
    if (form < 0.4) stem = noun;
    else if (form < 0.85) stem = adj === noun ? adj : `${adj} ${noun}`;
    else stem = adj + noun.toLowerCase();
    // Past a few hundred collisions the word space is crowded (tens of thousands of accounts): a
    // number keeps the name unique without looping forever.
    const name = attempt < 200 ? `${stem} ${suffix}` : `${stem} ${suffix} ${attempt}`;
    const tld = rng.chance(industry.io) ? '.io' : rng.chance(0.8) ? '.com' : '.co';
    // Long names get their suffix dropped from the domain, as real companies do (blueharbor.com).
    const base = slug(name.split(' ').length > 2 && rng.chance(0.5) ? stem : name);
    const domain = base + tld;
    if (usedNames.has(name) || usedDomains.has(domain)) continue;
    usedNames.add(name);
    usedDomains.add(domain);
    return { name, domain };
  }
}

/** Lowercase ASCII letters and digits only: "Zoë Lefèvre" → "zoelefevre", "O'Brien" → "obrien". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export const TITLES = {
  Champion: ['Operations Manager', 'Head of Customer Experience', 'Office Manager', 'Team Lead', 'Head of Operations', 'Program Manager'],
  Billing: ['Finance Manager', 'Accounts Payable Specialist', 'Controller', 'Bookkeeper', 'Head of Finance'],
  User: ['Coordinator', 'Specialist', 'Analyst', 'Associate', 'Supervisor', 'Customer Service Rep', 'Administrator'],
  'Executive sponsor': ['CEO', 'COO', 'Managing Director', 'VP Operations', 'Founder', 'General Manager'],
} as const;

export type ContactRole = keyof typeof TITLES;

/** Free-mail providers, gmail.com most often: the product must never match an account by these domains. */
export const FREE_MAIL_DOMAINS: readonly string[] = ['gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'yahoo.com'];

export const TAGS: readonly string[] = ['annual', 'priority', 'reference', 'beta', 'partner', 'migration', 'referral', 'pilot', 'upsell target', 'exec sponsor'];

export const CHURN_REASONS: readonly string[] = [
  'Budget cuts: revenue down sharply since the crisis',
  'Business temporarily closed',
  'Moving to a cheaper competitor',
  'Team downsized; too few users to justify the plan',
  'Missing integration with their booking system',
  'Merged with another company that uses a different tool',
];
