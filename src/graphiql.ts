import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * One GraphiQL tab per root field, each a working operation against the embedded simulator's data.
 * Times are to the whole minute, so the page (and its ETag) stays the same for a minute.
 */
const tabs = (at: Date) => {
  const now = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  const todayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return [
    {
      query: `# Access codes (hotlines), filtered and paged
query AccessCodes {
  accessCodes(first: 5, filter: { mediaType: AUDIO_VIDEO }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        accessCode
        description
        mediaType { code name }
        callDirection
        routing(caller: "13800000000") { deviceType skillId skillName }
      }
    }
  }
}`,
    },
    {
      query: `# One access code by exact match
query AccessCode($code: String!) {
  accessCode(accessCode: $code) { id accessCode description n400Number callDirection }
}`,
      variables: JSON.stringify({ code: '9911411' }, null, 2),
    },
    {
      query: `# Softphones and the SIP servers they register with (one vendor call)
query Softphones {
  softphones(first: 5) {
    totalCount
    edges { node { phoneNumber status remark } }
    registrationNodes { mode poolNode registrationIp registrationPort }
  }
  registrationNodes { mode sipServiceIp sipServicePort }
}`,
    },
    {
      query: `# How a call to a number is routed (null when the number is not configured)
query CalledInfo {
  calledInfo(caller: "13800000000", called: "9911411") { deviceType skillId skillName }
}`,
    },
    {
      query: `# Calls of a VDN today (the vendor keeps yesterday and today only)
query CallRecords($from: DateTime!, $to: DateTime!) {
  callRecords(first: 10, filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        callId callerNumber calleeNumber answered waitSeconds talkSeconds
        callType { code name } leaveReason { code description } callBegin callEnd
      }
    }
  }
}`,
      variables: JSON.stringify({ from: todayStart.toISOString(), to: now.toISOString() }, null, 2),
    },
    {
      query: `# Create an anonymous outbound call. Against a real tenant this places a real call!
# (The embedded simulator fails on purpose when called is a createcall failure code, e.g. 30010000002.)
mutation CreateAnonymousCall {
  createAnonymousCall(input: { called: "88884432", callerPresent: "95599", callData: "order-1234" }) {
    __typename
    ... on AnonymousCall { callSerialNo sipServerHost sipServerPort accessCode }
    ... on CallCreationError { reason vendorCode message }
    ... on InputValidationError { message fieldErrors { field message } }
  }
}`,
    },
  ];
};

export function graphiqlOptions(now: Date): GraphiQLOptions {
  const defaultTabs = tabs(now);
  return { title: 'cec-graphql', defaultTabs, defaultQuery: defaultTabs[0]?.query ?? '' };
}
