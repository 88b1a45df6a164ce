import type { Random } from '../random.js';

/** One access code exactly as queryAccessCodeList lists it (vendor field names and types). */
export interface AccessCodeItem {
  id: string;
  accessCode: string;
  mediatypeId: number;
  n400Number: string | null;
  description: string | null;
  numCallAttr: number;
}

/** Where getCalledInfo routes a called access code: a skill queue (devType 0) or a number (devType 1). */
export interface CalledRoute {
  devType: 0 | 1;
  called: string;
  skillId: number | null;
  skillName: string | null;
}

export interface AccessCodeEntry {
  item: AccessCodeItem;
  route: CalledRoute;
  /** Pre-serialised item, so list replies are string joins. */
  json: string;
  /** Lower-cased copies for the case-insensitive fuzzy filters. */
  accessCodeLower: string;
  descriptionLower: string | null;
}

const ACCESS_CODE_COUNT = 260;

const PURPOSES = [
  'Customer service hotline',
  'Sales hotline',
  'VIP support line',
  'Billing enquiries',
  'Technical support',
  'After-sales service',
  'Complaints desk',
  'Click-to-dial web button',
  'Video banking',
  'WhatsApp channel',
  'Web chat',
  'Outbound campaign',
  'Collections',
  'Appointment booking',
] as const;
const REGIONS = ['North', 'South', 'East', 'West', 'Central', 'EN', 'PT', 'ES', 'ZH'] as const;
const SKILLS = [
  'Sales_EN',
  'Sales_PT',
  'Support_L1',
  'Support_L2',
  'Billing',
  'VIP',
  'Retention',
  'Complaints',
  'Chat_Agents',
  'Video_Advisors',
] as const;

// The vendor example's code is in the set, with its example id, so the page example can be replayed.
const EXAMPLE_ACCESS_CODE = '9911411';
const EXAMPLE_ID = 1124167935465633793n;

export function generateAccessCodes(random: Random): AccessCodeEntry[] {
  const entries: AccessCodeEntry[] = [];
  for (let i = 0; i < ACCESS_CODE_COUNT; i++) {
    // Codes 9911300..9911559 ascending, so id order and accessCode order agree.
    const accessCode = String(9_911_300 + i);
    const isExample = accessCode === EXAMPLE_ACCESS_CODE;
    const id = (EXAMPLE_ID + BigInt(i - 111) * 7919n).toString();
    const mediatypeId = isExample
      ? 5
      : random.weighted([
          [5, 50],
          [2, 15],
          [18, 8],
          [19, 10],
          [53, 17],
        ] as const);
    const numCallAttr = isExample
      ? 3
      : random.weighted([
          [1, 45],
          [2, 20],
          [3, 35],
        ] as const);
    const n400Number = isExample || random.chance(0.3) ? null : `400${random.digits(7)}`;
    const description =
      isExample || random.chance(0.15) ? null : `${random.pick(PURPOSES)} ${random.pick(REGIONS)}`;
    const item: AccessCodeItem = { id, accessCode, mediatypeId, n400Number, description, numCallAttr };
    entries.push({
      item,
      route: routeFor(random, accessCode),
      json: JSON.stringify(item),
      accessCodeLower: accessCode.toLowerCase(),
      descriptionLower: description === null ? null : description.toLowerCase(),
    });
  }
  return entries;
}

function routeFor(random: Random, accessCode: string): CalledRoute {
  if (random.chance(0.75)) {
    const skillIndex = random.int(0, SKILLS.length - 1);
    return {
      devType: 0,
      called: accessCode,
      skillId: 1001 + skillIndex,
      skillName: SKILLS[skillIndex] ?? null,
    };
  }
  return { devType: 1, called: `8888${random.digits(4)}`, skillId: null, skillName: null };
}
