/** Entry points of the interactive app. Until the TUI lands, interactive play is refused with the way to run unattended. */
import { UsageError } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';
import type { ResolvedVar } from '../engine/vars.js';

export interface InteractiveRun {
  file: string;
  runbook: Runbook;
  mode: 'incident' | 'drill';
  impactAt?: number;
  values: Map<string, ResolvedVar>;
  needed: { name: string; question: string }[];
}

export async function runInteractive(_options: InteractiveRun): Promise<number> {
  throw new UsageError('the interactive TUI is not in this build yet', 'Play the runbook unattended with --non-interactive (and --answers FILE for decisions).');
}

export async function resumeInteractive(_options: { id: string; values: Map<string, ResolvedVar> }): Promise<number> {
  throw new UsageError('the interactive TUI is not in this build yet', 'Resume unattended with: drp resume SESSION --non-interactive');
}
