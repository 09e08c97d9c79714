import type { Phase, Runbook, Step } from './schema.js';

/** A step in play order, with the phase it belongs to. */
export interface PlacedStep {
  step: Step;
  /** Position in the flattened step list. */
  index: number;
  /** Index of its phase in `runbook.phases`, when the runbook has phases. */
  phase?: number;
}

const cache = new WeakMap<Runbook, PlacedStep[]>();

/** Every step of a runbook in file order, across phases. Computed once per runbook object: the session fold asks often. */
export function flatSteps(runbook: Runbook): PlacedStep[] {
  let placed = cache.get(runbook);
  if (!placed) {
    placed = computeFlatSteps(runbook);
    cache.set(runbook, placed);
  }
  return placed;
}

function computeFlatSteps(runbook: Runbook): PlacedStep[] {
  if (runbook.steps) return runbook.steps.map((step, index) => ({ step, index }));
  const out: PlacedStep[] = [];
  (runbook.phases ?? []).forEach((phase: Phase, p) => {
    for (const step of phase.steps) out.push({ step, index: out.length, phase: p });
  });
  return out;
}
