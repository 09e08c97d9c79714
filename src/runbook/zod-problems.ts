/**
 * zod's issues as located messages that say what to write instead: `timeout in step "x": a
 * duration needs a unit: write 90s, 90m or 90h`, not `expected string, received number`.
 */
import type { z } from 'zod';
import { describePath, kindOf, valueAt } from './describe.js';
import { durationHint } from './duration.js';
import type { Locator, Path } from './locate.js';
import type { Problem } from './problem.js';
import { CHECK_KINDS, duration, IDENTIFIER_PATTERN, RunbookSchema, STEP_ID_PATTERN } from './schema.js';
import { closest, didYouMean } from './suggest.js';

type Issue = z.core.$ZodIssue;

const DURATION_EXAMPLES = 'such as 90s, 15m, 2h, 1d or 1h30m';

const UNION_HINTS: Record<string, string> = {
  newer_than: `a duration (${DURATION_EXAMPLES}) or rpo`,
  exit: 'an exit code or a list of exit codes, e.g. exit: 0 or exit: [0, 1]',
  status: 'an HTTP status code or a list of them, e.g. status: 200 or status: [200, 204]',
  port: 'a port number (1-65535) or ${VAR}',
  rows: 'a row count or { min, max, equals }',
  default: 'text, a number or true/false',
  drill: 'text, a number or true/false',
  equals: 'text, a number, true/false or null',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
};

/** What to add when a required key is missing. */
const MISSING_HINT: Record<string, string> = {
  drp: 'write drp: 1 at the top (the format version)',
  title: 'add one, e.g. title: Restore the database',
  system: 'add the system this runbook recovers, e.g. system: KeneyApp',
  severity: 'add severity: critical, high, medium or low',
  objectives: 'add the recovery objectives, e.g. objectives: { rto: 2h, rpo: 24h }',
  rto: 'add the recovery time objective, e.g. rto: 2h',
  id: 'give it an id (lower-case letters, digits, "-"), e.g. id: check-status',
  steps: 'add steps: (a list of steps)',
  label: 'add the text of the choice, e.g. label: Yes, promote it',
  prompt: 'add the question to ask, e.g. prompt: Backup file restored',
  var: 'add the variable to store the answer in, e.g. var: BACKUP_FILE',
  url: 'add the URL to check',
  bucket: 'add the bucket name',
  host: 'add the host name',
  port: 'add the port number',
  collection: 'add the collection name',
  after: 'add when to escalate, e.g. after: 15m',
  to: 'add who to escalate to, e.g. to: Technical lead',
  every: 'add how often, e.g. every: 30s',
  for: 'add for how long, e.g. for: 15m',
};

/**
 * Every problem zod found, located. A misspelt required key is one mistake, so `titel:` gets
 * `unknown key "titel"; did you mean "title"?` and not also `missing "title"`.
 */
export function zodIssueProblems(issues: readonly Issue[], data: unknown, locator: Locator): Problem[] {
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const allowed = allowedKeys(issue.path as Path);
    for (const key of issue.keys.slice(0, 200)) {
      const match = closest(key, allowed);
      if (match !== undefined) misspelt.add(JSON.stringify([...issue.path, match]));
    }
  }
  const missing = (issue: Issue): boolean => issue.path.length > 0 && issue.code !== 'unrecognized_keys' && valueAt(data, issue.path as Path) === undefined;
  return issues.flatMap((issue) => (missing(issue) && misspelt.has(JSON.stringify(issue.path)) ? [] : zodProblems(issue, data, locator)));
}

/** Every problem one zod issue stands for, located. */
export function zodProblems(issue: Issue, data: unknown, locator: Locator): Problem[] {
  const path = issue.path as Path;
  const place = describePath(data, path);
  const value = valueAt(data, path);
  const key = String(path.at(-1) ?? '');
  const here = (message: string, which: 'value' | 'key' = 'value'): Problem[] => [{ ...locator.at(path, which), message }];
  const leaf = schemaAt(path);

  if (value === undefined && path.length > 0 && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_key') {
    const parent = describePath(data, path.slice(0, -1));
    const where = parent.keys ? ` in ${parent.keys}${parent.in}` : parent.in;
    const hint = MISSING_HINT[key];
    return [{ ...locator.at(path.slice(0, -1)), message: `missing "${key}"${where}${hint ? `: ${hint}` : ''}` }];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(path);
      const where = place.keys ? ` under ${place.keys}${place.in}` : place.in;
      const isStep = place.in.startsWith(' in step') && place.keys === '';
      // Past the first few hundred, no did-you-mean: only the first problems are shown anyway.
      return issue.keys.map((unknown, i) => ({
        ...locator.at([...path, unknown], 'key'),
        message:
          isStep && (CHECK_KINDS as readonly string[]).includes(unknown)
            ? `unknown key "${unknown}"${where}: a ${unknown} check goes under "check:", e.g. check: { ${unknown}: { … } }`
            : `unknown key "${unknown}"${where}; ${i < 200 ? didYouMean(unknown, allowed, 'one of') : `expected one of ${allowed.join(', ')}`}`,
      }));
    }
    case 'invalid_type': {
      if (leaf === duration) return here(`${place.name}: expected a duration ${DURATION_EXAMPLES}, got ${kindOf(value)}${durationHint(value)}`);
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return here(`${place.name}: expected ${expected}, got ${kindOf(value)}${typeHint(issue.expected, value, key)}`);
    }
    case 'invalid_value': {
      if (path.length === 1 && key === 'drp') return here(`drp: ${JSON.stringify(value)} is not a format version this drp reads: write drp: 1`);
      const options = issue.values.map((option) => String(option));
      if (options.length === 1 && options[0] === 'true') return here(`${place.name}: only true is allowed here; leave "${key}" out otherwise`);
      const hint = typeof value === 'string' ? didYouMean(value, options, 'one of') : `expected one of ${options.join(', ')}`;
      return here(`${place.name}: ${JSON.stringify(value)} is not allowed; ${hint}`);
    }
    case 'invalid_format':
      return here(`${place.name}: ${formatMessage(issue, value)}`);
    case 'too_small': {
      const what = issue.origin === 'array' ? `must list at least one ${key === 'steps' ? 'step' : 'item'}` : issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`;
      return here(`${place.name}: ${what}`);
    }
    case 'too_big':
      return here(`${place.name}: must be at most ${String(issue.maximum)}`);
    case 'invalid_union': {
      const hint = UNION_HINTS[key] ?? 'one of the allowed forms';
      return here(`${place.name}: expected ${hint}, got ${kindOf(value)}${key === 'newer_than' ? durationHint(value) : ''}`);
    }
    case 'invalid_key':
      return here(`bad variable name "${key}": use letters, digits and _, not starting with a digit${suggestIdentifier(key)}`, 'key');
    default:
      return here(`${place.name}: ${issue.message}`);
  }
}

function formatMessage(issue: Issue & { code: 'invalid_format' }, value: unknown): string {
  const pattern = 'pattern' in issue ? String(issue.pattern) : '';
  const text = String(value);
  const shown = JSON.stringify(value);
  if (pattern.includes('(\\d+d)')) {
    const hint = durationHint(value);
    return hint ? `${shown} is not a duration (${DURATION_EXAMPLES})${hint}` : `${shown} is not a duration: write one ${DURATION_EXAMPLES}`;
  }
  if (pattern.includes(IDENTIFIER_PATTERN.slice(1, -1))) return `${shown} is not a variable name: use letters, digits and _, not starting with a digit${suggestIdentifier(text)}`;
  if (pattern.includes(STEP_ID_PATTERN.slice(1, -1))) {
    const id = slug(text);
    return `${shown} is not a valid id: use lower-case letters, digits, ".", "_" and "-"${id && id !== text ? `, e.g. ${id}` : ''}`;
  }
  if (pattern.startsWith('/^\\/')) {
    const flags = /^\/.*\/([^/]*)$/s.exec(text)?.[1];
    const unknown = flags === undefined ? undefined : [...flags].find((flag) => !'dgimsuvy'.includes(flag));
    if (unknown !== undefined) return `${shown}: unknown regex flag "${unknown}"; the flags are i (ignore case), m (multiline), s (dot matches newline), u, v, d, g, y`;
    if (text.startsWith('/') && text.lastIndexOf('/') === 0) return `${shown} is not a regex: close it with a slash, ${text}/`;
    return text.startsWith('/') ? `${shown} is not a regex: write /pattern/ or /pattern/flags` : `${shown} is not a regex: write it between slashes, /${text}/`;
  }
  return `${shown}: ${issue.message}`;
}

function typeHint(expected: string, value: unknown, key: string): string {
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return `; put it in quotes: ${key}: "${String(value)}"`;
  if (expected === 'array' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) return `; write a list: ${key}: [${String(value)}], or one "- item" per line`;
  if (expected === 'array' && value !== null && typeof value === 'object') return '; start each item with "- "';
  return '';
}

function suggestIdentifier(text: string): string {
  const fixed = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^(?=\d)/, '_').toUpperCase();
  return fixed && fixed !== text && new RegExp(IDENTIFIER_PATTERN).test(fixed) ? `, e.g. ${fixed}` : '';
}

/** Text made into an id: lower case, runs of other characters as "-". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '');
}

type Def = { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; innerType?: unknown } };

function unwrap(shape: unknown): Def | undefined {
  let current = shape as Def | undefined;
  while (current?.def?.type === 'optional' || current?.def?.type === 'default' || current?.def?.type === 'nullable') current = current.def.innerType as Def;
  return current;
}

/** The schema of the value at a path (unwrapped), or undefined inside unions and unknowns. */
function schemaAt(path: Path): unknown {
  let shape: Def | undefined = unwrap(RunbookSchema);
  for (const segment of path) {
    const def = shape?.def;
    if (def?.type === 'object') shape = unwrap(def.shape?.[String(segment)]);
    else if (def?.type === 'array') shape = unwrap(def.element);
    else if (def?.type === 'record') shape = unwrap(def.valueType);
    else return undefined;
  }
  return shape;
}

function allowedKeys(path: Path): string[] {
  const def = (schemaAt(path) as Def | undefined)?.def;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

