/**
 * README.md's "## Examples" are produced by this test, so they cannot go stale: every ```graphql block
 * (with the ```json variables block that may follow it) runs against the embedded simulator over HTTP at
 * one fixed instant, and its answer must equal the ```json result block after it.
 *
 * When the server's output changes on purpose, `npm run readme:examples` (README_UPDATE=1) rewrites the
 * result blocks from the live answers instead of comparing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';

/** The instant every example runs at; the README's call-record prose names it, and its variables use its day. */
const README_INSTANT = '2026-11-22T10:30:00Z';
const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));
const UPDATE = process.env.README_UPDATE === '1';
const REGENERATE = 'npm run readme:examples';
/** Width of a result block line, as Biome formats the code (biome.json). */
const LINE_WIDTH = 110;

interface Block {
  lang: string;
  text: string;
  /** Offsets of the block's content (between the fences) in the README. */
  start: number;
  end: number;
  line: number;
}

interface Example {
  name: string;
  line: number;
  query: string;
  variables: Record<string, unknown> | undefined;
  result: Block;
}

/** The Examples section: from its heading up to (not including) "### Errors", or the next "## " heading. */
function examplesSection(readme: string): { start: number; end: number } {
  const start = readme.search(/^## Examples$/m);
  if (start < 0) throw new Error('README.md has no "## Examples" section');
  const body = start + '## Examples'.length;
  const stop = readme.slice(body).search(/^(### Errors|## )/m);
  return { start, end: stop < 0 ? readme.length : body + stop };
}

function fencedBlocks(readme: string): Block[] {
  const { start, end } = examplesSection(readme);
  const blocks: Block[] = [];
  for (const match of readme.slice(start, end).matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const opening = start + (match.index ?? 0);
    const contentStart = opening + 4 + (match[1] ?? '').length;
    const text = match[2] ?? '';
    blocks.push({
      lang: match[1] ?? '',
      text,
      start: contentStart,
      end: contentStart + text.length,
      line: readme.slice(0, opening).split('\n').length,
    });
  }
  return blocks;
}

/** Pairs each graphql block with its optional variables block and its result block. */
function parseExamples(readme: string): Example[] {
  const groups: Block[][] = [];
  for (const block of fencedBlocks(readme)) {
    if (block.lang === 'graphql') groups.push([block]);
    else if (block.lang === 'json') {
      const group = groups.at(-1);
      if (!group) throw new Error(`README.md line ${block.line}: a json block before any graphql block`);
      group.push(block);
    }
  }
  return groups.map(([operation, ...json], index) => {
    if (!operation) throw new Error('unreachable: every group starts with its graphql block');
    const at = `README example #${index + 1} (README.md line ${operation.line})`;
    if (json.length < 1 || json.length > 2) {
      throw new Error(`${at}: needs a json result block, optionally preceded by a json variables block`);
    }
    const [variables, result] = json.length === 2 ? json : [undefined, json[0]];
    if (!result) throw new Error('unreachable: json has one or two blocks');
    return {
      name: `#${index + 1} ${rootFields(operation.text).join(', ')}`,
      line: operation.line,
      query: operation.text,
      variables: variables ? (JSON.parse(variables.text) as Record<string, unknown>) : undefined,
      result,
    };
  });
}

function rootFields(query: string): string[] {
  const names = parse(query).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION
      ? definition.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []))
      : [],
  );
  return [...new Set(names)];
}

/**
 * Pretty but compact JSON: 2-space indent; an object or array that fits the line stays on it, and a
 * one-key object or one-item array that does not opens on its parent's line (`{ "data": { "softphones": {`).
 */
function formatJson(value: unknown, indent = '', prefix = 0): string {
  const flat = inlineJson(value);
  if (value === null || typeof value !== 'object' || indent.length + prefix + flat.length <= LINE_WIDTH) {
    return flat;
  }
  const entries = Array.isArray(value)
    ? value.map((item) => ['', item] as const)
    : Object.entries(value).map(([key, item]) => [`${JSON.stringify(key)}: `, item] as const);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const [only, ...others] = entries;
  if (only && others.length === 0) {
    const [label, item] = only;
    return `${open} ${label}${formatJson(item, indent, prefix + 2 + label.length)} ${close}`;
  }
  const inner = `${indent}  `;
  const lines = entries.map(([label, item]) => inner + label + formatJson(item, inner, label.length));
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
}

function inlineJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length ? `[ ${value.map(inlineJson).join(', ')} ]` : '[]';
  const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/** Rewrites every result block from the answers, re-reading the README so other sections' edits survive. */
function writeAnswers(answers: readonly unknown[], expectedQueries: readonly string[]): void {
  const readme = readFileSync(README_PATH, 'utf8');
  const examples = parseExamples(readme);
  if (examples.map((e) => e.query).join('\0') !== expectedQueries.join('\0')) {
    throw new Error('README.md examples changed while the test ran: run it again');
  }
  let updated = readme;
  examples.forEach((example, index) => {
    const offset = updated.length - readme.length;
    const text = `${formatJson(answers[index])}\n`;
    updated =
      updated.slice(0, example.result.start + offset) + text + updated.slice(example.result.end + offset);
  });
  if (updated !== readme) writeFileSync(README_PATH, updated);
}

const readme = readFileSync(README_PATH, 'utf8');
const examples = parseExamples(readme);
const harness = useHarness({ now: Date.parse(README_INSTANT), rewindEach: true });

describe('README examples', () => {
  it('are found, and the prose names the instant they were taken at', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const { start, end } = examplesSection(readme);
    expect(readme.slice(start, end)).toContain(README_INSTANT);
  });

  const answers: unknown[] = [];
  for (const [index, example] of examples.entries()) {
    it(example.name, async () => {
      const response = await harness.query(example.query, example.variables);
      const at = `README example ${example.name} (README.md line ${example.line})`;
      // The Examples section shows working requests; a failing one must never be written into it.
      expect(
        response.body.errors,
        `${at} answered with errors:\n${formatJson(response.body)}`,
      ).toBeUndefined();
      expect(response.status).toBe(200);
      if (UPDATE) {
        answers[index] = response.body;
        return;
      }
      expect(
        response.body,
        `${at} differs from the live answer at ${README_INSTANT}; if the change is intended, run \`${REGENERATE}\` to regenerate the README's result blocks`,
      ).toEqual(JSON.parse(example.result.text));
    });
  }

  if (UPDATE) {
    afterAll(() => {
      if (answers.filter((a) => a !== undefined).length !== examples.length) return;
      writeAnswers(
        answers,
        examples.map((e) => e.query),
      );
    });
  }
});
