/** The vendor interfaces the simulator serves; the names key counters, faults and the request log. */
export const ENDPOINT_NAMES = [
  'tokenByAkSk',
  'queryAccessCodeList',
  'queryPhone',
  'getCalledInfo',
  'createcall',
  'querycalls',
] as const;

export type EndpointName = (typeof ENDPOINT_NAMES)[number];

export const ENDPOINT_PATHS: Readonly<Record<EndpointName, string>> = {
  tokenByAkSk: '/apigovernance/api/oauth/tokenByAkSk',
  queryAccessCodeList: '/apiaccess/rest/cc-management/v1/accessCodeInfo/queryAccessCodeList',
  queryPhone: '/apiaccess/CC-Management/v2/mobileAgent/queryPhone',
  getCalledInfo: '/apiaccess/CC-Management/v1/mobileAgent/getCalledInfo',
  createcall: '/apiaccess/ccmessaging/v1/mobileagent/createcall',
  querycalls: '/rest/cmsapp/v2/openapi/vdn/querycalls',
};

const BY_PATH = new Map<string, EndpointName>(
  ENDPOINT_NAMES.map((name) => [ENDPOINT_PATHS[name], name] as const),
);

/** Exact, case-sensitive path match, as the vendor's gateways route. */
export function endpointForPath(path: string): EndpointName | undefined {
  return BY_PATH.get(path);
}
