/** The report as JSON: the model itself, which schema/report.schema.json describes. Pure. */
import type { Report } from './schema.js';

/** The report as pretty JSON, ending with a newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
