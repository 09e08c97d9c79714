/** Renders the app with Ink; loaded lazily by start-tui.ts, so nothing else pays for Ink and React. */
import { render, type Instance } from 'ink';
import { App, type AppProps } from './app.js';

/** Draws the app on `stdout`. Ctrl-C stops the running command, not the app (SPEC §1); q leaves. */
export function renderApp(props: AppProps, stdout: NodeJS.WriteStream): Instance {
  return render(<App {...props} />, { stdout, exitOnCtrlC: false });
}
