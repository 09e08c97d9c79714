import type { Path } from './locate.js';

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** How a message names a place in a runbook. */
export interface Place {
  /** ` in step "x"`, ` in phase "Restore"`, ` in variable "DB_HOST"`, or empty at the top level. */
  in: string;
  /** The keys below that owner, e.g. `check.http.body`; empty for the owner itself. */
  keys: string;
  /** `check.http.body in step "x"`, `step "x"`, `objectives.rto`, or `runbook`. */
  name: string;
}

/** Names the place at a path: the step, phase, variable or escalation it belongs to, and the keys below. */
export function describePath(data: unknown, path: Path): Place {
  const owner = findOwner(data, path);
  const rest = owner ? path.slice(owner.length) : path;
  const keys = rest.filter((segment) => typeof segment === 'string').join('.');
  const label = owner?.label;
  const name = keys && label ? `${keys} in ${label}` : keys || label || 'runbook';
  return { in: label ? ` in ${label}` : '', keys, name };
}

function findOwner(data: unknown, path: Path): { label: string; length: number } | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    if (path[i] === 'steps' && typeof path[i + 1] === 'number') {
      const step = valueAt(data, path.slice(0, i + 2));
      const label = isRecord(step) && typeof step.id === 'string' && step.id !== '' ? `step "${step.id}"` : `step #${Number(path[i + 1]) + 1}`;
      return { label, length: i + 2 };
    }
  }
  if (path[0] === 'phases' && typeof path[1] === 'number') {
    const phase = valueAt(data, path.slice(0, 2));
    const label = isRecord(phase) && typeof phase.title === 'string' && phase.title !== '' ? `phase "${phase.title}"` : `phase #${path[1] + 1}`;
    return { label, length: 2 };
  }
  if (path[0] === 'vars' && path.length >= 2) return { label: `variable "${String(path[1])}"`, length: 2 };
  if (path[0] === 'escalation' && typeof path[1] === 'number') return { label: `escalation #${path[1] + 1}`, length: 2 };
  return undefined;
}

/** The raw value at a path, or undefined. */
export function valueAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** A value as a message shows it: `text "abc"`, `number 90`, `a list`. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
