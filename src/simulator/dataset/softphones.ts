import type { Random } from '../random.js';

/** One softphone exactly as queryPhone V2 lists it (vendor field names and types). */
export interface SoftphoneItem {
  phoneNum: string;
  password: string;
  /** A Number in the vendor's reply; the last seats have ids above 2^53, sent as bare JSON numbers too. */
  id: number | bigint;
  status: 0 | 1;
  remark: string;
  tenantId: string;
  partdbId: string;
}

/** A registration server as queryPhone V2 sends it: ports are strings in V2. */
export interface RegistrationServer {
  regIPAddress: string;
  regPort: string;
  sipServicePort: string;
  sipServiceIp: string;
}

export interface RegistrationServers {
  singleRegServ: RegistrationServer[];
  poolRegServ: { node1: RegistrationServer[]; node2: RegistrationServer[] };
}

export interface SoftphoneEntry {
  item: SoftphoneItem;
  json: string;
}

const SOFTPHONE_COUNT = 320;
/** Seats from here on get snowflake-style ids (19 digits), which a plain JSON.parse would round. */
const FIRST_WIDE_ID_SEAT = 300;
const WIDE_ID_BASE = 1_124_167_935_465_633_793n;
const TENANT_ID = '202305160915402813';

const TEAMS = ['Sales floor', 'Support L1', 'Support L2', 'Billing desk', 'VIP desk', 'Night shift'] as const;
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%';

export function generateSoftphones(random: Random): SoftphoneEntry[] {
  const entries: SoftphoneEntry[] = [];
  for (let i = 0; i < SOFTPHONE_COUNT; i++) {
    let password = '';
    for (let c = 0; c < 12; c++) password += PASSWORD_ALPHABET[random.int(0, PASSWORD_ALPHABET.length - 1)];
    const item: SoftphoneItem = {
      phoneNum: String(88_881_000 + i),
      password,
      id: i < FIRST_WIDE_ID_SEAT ? 10_001 + i : WIDE_ID_BASE + BigInt(i),
      status: random.chance(0.8) ? 0 : 1,
      remark: `Seat ${String(i + 1).padStart(3, '0')} - ${random.pick(TEAMS)}`,
      tenantId: TENANT_ID,
      partdbId: String(1 + (i % 2)),
    };
    entries.push({ item, json: itemJson(item) });
  }
  return entries;
}

/** JSON with bigint ids written as bare numbers, digit for digit, as the vendor's Java side would. */
function itemJson(item: SoftphoneItem): string {
  return JSON.stringify(item, (_key, value: unknown) =>
    typeof value === 'bigint' ? `__bigint__${value}` : value,
  ).replace(/"__bigint__(\d+)"/g, '$1');
}

function server(regIp: string, sipIp: string, sipPort: string): RegistrationServer {
  return { regIPAddress: regIp, regPort: '5060', sipServicePort: sipPort, sipServiceIp: sipIp };
}

/** Fixed addresses in private ranges: one single-mode server and a two-node pool. */
export function registrationServers(): RegistrationServers {
  return {
    singleRegServ: [server('10.162.98.43', '10.137.203.215', '5063')],
    poolRegServ: {
      node1: [
        server('10.162.98.51', '10.137.203.221', '5063'),
        server('10.162.98.52', '10.137.203.222', '5063'),
      ],
      node2: [
        server('10.162.99.51', '10.137.204.221', '5063'),
        server('10.162.99.52', '10.137.204.222', '5063'),
      ],
    },
  };
}
