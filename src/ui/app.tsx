/**
 * The app: picker → overview → play → finish. Each screen owns its state; the app only moves
 * between them and hands the session over. All IO goes through `services`.
 */
import { Text } from 'ink';
import { useEffect, useState } from 'react';
import type { Session } from '../engine/session.js';
import type { PlayEnd } from './hooks/use-play-driver.js';
import type { StartRequest } from './overview-state.js';
import type { PickerItem } from './picker-state.js';
import { KeyRouter } from './hooks/use-keys.js';
import { FinishScreen } from './screens/finish.js';
import { OverviewScreen } from './screens/overview.js';
import { PickerScreen } from './screens/picker.js';
import { PlayScreen } from './screens/play.js';
import type { OverviewData, Services } from './services.js';

/** Where the app starts. */
export type AppStart = { screen: 'picker' } | { screen: 'overview'; data: OverviewData; modeFixed: boolean } | { screen: 'play'; session: Session };

type ScreenState =
  | { name: 'picker' }
  | { name: 'overview'; data: OverviewData; modeFixed: boolean; fromPicker: boolean }
  | { name: 'play'; session: Session }
  | { name: 'finish'; session: Session; finished: boolean };

/** Props of {@link App}. */
export interface AppProps {
  start: AppStart;
  services: Services;
  /** The app is done: the exit code of SPEC §1, or an error for the top-level handler. */
  onExit: (code: number, error?: unknown) => void;
  /** The session being played, as soon as there is one (for the signal handlers). */
  onSession?: (session: Session) => void;
}

export function App(props: AppProps) {
  return (
    <KeyRouter>
      <Screens {...props} />
    </KeyRouter>
  );
}

function Screens({ start, services, onExit, onSession }: AppProps) {
  const [screen, setScreen] = useState<ScreenState>(() => (start.screen === 'overview' ? { name: 'overview', data: start.data, modeFixed: start.modeFixed, fromPicker: false } : start.screen === 'play' ? { name: 'play', session: start.session } : { name: 'picker' }));
  const [items, setItems] = useState<ReturnType<Services['pickerItems']> | undefined>(undefined);
  const needsItems = screen.name === 'picker' && items === undefined;
  useEffect(() => {
    if (!needsItems) return;
    // Reading and checking every runbook takes a moment: the first frame shows before it.
    const timer = setTimeout(() => {
      try {
        setItems(services.pickerItems());
      } catch (error) {
        onExit(1, error);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [needsItems, services, onExit]);

  const play = (session: Session): void => {
    onSession?.(session);
    setScreen({ name: 'play', session });
  };
  const attempt = (action: () => void): void => {
    try {
      action();
    } catch (error) {
      onExit(1, error);
    }
  };

  switch (screen.name) {
    case 'picker':
      if (!items) return <Text wrap="truncate">drp — reading the runbooks…</Text>;
      return (
        <PickerScreen
          items={items.items}
          folder={items.folder}
          invalid={items.invalid}
          onPick={(item: PickerItem) =>
            attempt(() => {
              if (item.kind === 'session') play(services.resumeSession(item.id));
              else setScreen({ name: 'overview', data: services.openRunbook(item.file), modeFixed: false, fromPicker: true });
            })
          }
          onLeave={() => onExit(130)}
        />
      );
    case 'overview':
      return (
        <OverviewScreen
          runbook={screen.data.runbook}
          mode={screen.data.mode}
          modeFixed={screen.modeFixed}
          needed={screen.data.needed}
          warnings={screen.data.warnings}
          impact={screen.data.impact}
          onStart={(request: StartRequest) => attempt(() => play(services.startSession(screen.data, request)))}
          onBack={() => (screen.fromPicker ? setScreen({ name: 'picker' }) : onExit(130))}
        />
      );
    case 'play':
      return (
        <PlayScreen
          session={screen.session}
          onEnd={(end: PlayEnd) => {
            screen.session.close();
            setScreen({ name: 'finish', session: screen.session, finished: end.kind === 'finished' });
          }}
        />
      );
    case 'finish':
      return <FinishScreen state={screen.session.state} dir={screen.session.dir} finished={screen.finished} writeReport={services.writeReport} onDone={(code) => onExit(code)} />;
  }
}
