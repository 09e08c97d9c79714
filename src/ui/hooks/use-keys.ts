/**
 * Keys: one `useInput` for the whole app (the KeyRouter), and each screen's handler plugged into
 * it. A screen that listened itself would drop a key pressed just as it appears: its listener is
 * attached in a passive effect, after the frame is drawn, while the previous screen's listener is
 * still the one attached. Here a screen plugs its handler in during the commit that draws it, and
 * Ink's raw mode and stdin listener stay put across screens. Handlers only dispatch what was
 * read; the screens' reducers resolve it through the keymap (applyInput).
 */
import { useInput, type Key } from 'ink';
import { createContext, createElement, useContext, useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';

/** Takes one read from the terminal. */
export type InputHandler = (input: string, key: Key) => void;

const KeyTarget = createContext<RefObject<InputHandler | undefined> | undefined>(undefined);

/** Props of {@link KeyRouter}. */
export interface KeyRouterProps {
  children: ReactNode;
}

/** Reads the keyboard once for the app and hands each read to the screen on show. */
export function KeyRouter({ children }: KeyRouterProps) {
  const target = useRef<InputHandler | undefined>(undefined);
  const route = useRef<InputHandler>((input, key) => target.current?.(input, key)).current;
  useInput(route);
  return createElement(KeyTarget.Provider, { value: target }, children);
}

/** Hands every read to `onInput` (which only dispatches) while the screen shows. */
export function useKeys(onInput: InputHandler): void {
  const latest = useRef(onInput);
  latest.current = onInput;
  const handler = useRef<InputHandler>((input, key) => latest.current(input, key)).current;
  const target = useContext(KeyTarget);
  useLayoutEffect(() => {
    if (!target) return;
    target.current = handler;
    return () => {
      if (target.current === handler) target.current = undefined;
    };
  }, [target, handler]);
  // A screen rendered on its own (tests) reads the keyboard itself.
  useInput(handler, { isActive: target === undefined });
}
