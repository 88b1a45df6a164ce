import {
  type ConstListValueNode,
  type ConstObjectValueNode,
  type DocumentNode,
  GraphQLError,
  type ListValueNode,
  type ObjectValueNode,
  type ParseOptions,
  type Source,
} from 'graphql';
import { Parser } from 'graphql/language/parser.js';

/**
 * graphql-js's parser, refusing a document as soon as it passes a limit rather than after building
 * it: the token count (what the parser's own `maxTokens` counts) and the nesting of the document,
 * since the parser recurses once per level and a few thousand levels overflow its stack.
 */
export interface ParseLimits {
  /** MAX_TOKENS. */
  maxTokens: number;
  /** MAX_DEPTH: fields may nest this deep (checked by the depth rule, fragments followed). */
  maxDepth: number;
}

/**
 * Selection sets, list and object values and list types may nest this much deeper than fields: an
 * inline fragment at every level of a document at the depth limit still parses.
 */
const nestingCeiling = (maxDepth: number) => 2 * maxDepth;

export type ParseLimitCode = 'MAX_TOKENS_EXCEEDED' | 'MAX_DEPTH_EXCEEDED';

export class ParseLimitError extends GraphQLError {
  constructor(code: ParseLimitCode, message: string, extensions: Record<string, unknown>) {
    super(message, { extensions: { code, ...extensions } });
  }
}

class LimitedParser extends Parser {
  private nesting = 0;

  constructor(
    source: string | Source,
    options: ParseOptions | undefined,
    private readonly limits: ParseLimits,
  ) {
    super(source, options);
  }

  override advanceLexer(): void {
    super.advanceLexer();
    if (this.tokenCount > this.limits.maxTokens) {
      throw new ParseLimitError(
        'MAX_TOKENS_EXCEEDED',
        `The document has more than ${this.limits.maxTokens} tokens (MAX_TOKENS).`,
        { limit: 'MAX_TOKENS', max: this.limits.maxTokens },
      );
    }
  }

  override parseSelectionSet() {
    return this.nested(() => super.parseSelectionSet());
  }

  override parseList(isConst: true): ConstListValueNode;
  override parseList(isConst: boolean): ListValueNode;
  override parseList(isConst: boolean): ListValueNode {
    return this.nested(() => super.parseList(isConst));
  }

  override parseObject(isConst: true): ConstObjectValueNode;
  override parseObject(isConst: boolean): ObjectValueNode;
  override parseObject(isConst: boolean): ObjectValueNode {
    return this.nested(() => super.parseObject(isConst));
  }

  override parseTypeReference() {
    return this.nested(() => super.parseTypeReference());
  }

  private nested<T>(parse: () => T): T {
    const ceiling = nestingCeiling(this.limits.maxDepth);
    if (++this.nesting > ceiling) {
      throw new ParseLimitError(
        'MAX_DEPTH_EXCEEDED',
        `The document nests more than ${ceiling} levels deep; fields may nest at most ` +
          `${this.limits.maxDepth} deep (MAX_DEPTH).`,
        { limit: 'MAX_DEPTH', max: this.limits.maxDepth },
      );
    }
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }
}

/** A `parse` with the limits built in, for envelop's `setParseFn`. */
export function limitedParse(limits: ParseLimits) {
  return (source: string | Source, options?: ParseOptions): DocumentNode =>
    new LimitedParser(source, options, limits).parseDocument();
}
