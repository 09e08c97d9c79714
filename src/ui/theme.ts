/**
 * Colours of the screens. Ink's chalk does not read NO_COLOR (only FORCE_COLOR), so every colour
 * goes through `tone`, which drops it when NO_COLOR is set (https://no-color.org). Nothing relies
 * on a colour alone: each coloured thing also carries a word or a mark.
 */
import type { ClockLevel } from './format.js';

/** A colour name Ink understands. */
export type Tone = 'red' | 'yellow' | 'green' | 'cyan' | 'blue' | 'magenta' | 'gray';

/** Whether colours are on: NO_COLOR (any non-empty value) turns them off. */
export function colorsOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

/** The colour to pass to `<Text color>`, or undefined when colours are off. */
export function tone(color: Tone | undefined): Tone | undefined {
  return color !== undefined && colorsOn() ? color : undefined;
}

/** The colour of the RTO bar at a level. */
export function levelTone(level: ClockLevel): Tone {
  return level === 'over' ? 'red' : level === 'warn' ? 'yellow' : 'green';
}

/** The colour of a session mode: incident red, drill cyan. */
export function modeTone(mode: 'incident' | 'drill'): Tone {
  return mode === 'incident' ? 'red' : 'cyan';
}
