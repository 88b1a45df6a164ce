import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import { expect } from 'vitest';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: IncomingHttpHeaders;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

export type GraphQLQuery = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  options?: { headers?: Record<string, string> },
) => Promise<GraphQLResponse<T>>;

/** POSTs operations to a GraphQL endpoint over real HTTP and parses the JSON reply. */
export function graphqlClient(url: string): GraphQLQuery {
  return async (query, variables, options = {}) => {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.body.json()) as GraphQLResponse['body'];
    return { status: response.statusCode, headers: response.headers, body } as never;
  };
}

/** Asserts a response without errors, dumping the request and body when it fails. */
export function expectNoGraphQLErrors<T>(response: GraphQLResponse<T>, query?: string): T {
  expect(
    response.body.errors,
    `query:\n${query ?? '(not given)'}\nbody:\n${JSON.stringify(response.body, null, 2)}`,
  ).toBeUndefined();
  expect(response.status).toBe(200);
  return response.body.data as T;
}
