/**
 * Keys: one `useInput` for the whole app (the KeyRouter), and each screen's handler plugged into
 * it. A screen that listened itself would drop a key pressed just as it appears: its listener is
 * attached in a passive effect, after the frame is drawn, while the previous screen's listener is
 * still the one attached. Here a screen plugs its handler in during the commit that draws it,
 * and Ink's raw mode and stdin listener stay put across screens. Handlers only resolve keys
 * through the keymap and dispatch.
 */
import { useInput, type Key } from 'ink';
import { createContext, createElement, useContext, useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';
import { resolveInput, type KeyContext, type KeyId } from '../keymap.js';

type Handler = (input: string, key: Key) => void;

const KeyTarget = createContext<RefObject<Handler | undefined> | undefined>(undefined);

/** Props of {@link KeyRouter}. */
export interface KeyRouterProps {
  children: ReactNode;
}

/** Reads the keyboard once for the app and hands each key to the screen on show. */
export function KeyRouter({ children }: KeyRouterProps) {
  const target = useRef<Handler | undefined>(undefined);
  useInput((input, key) => target.current?.(input, key));
  return createElement(KeyTarget.Provider, { value: target }, children);
}

/** Calls `onKey` or `onText` for each key the keymap resolves in the current context. */
export function useKeys(ctx: KeyContext, onKey: (id: KeyId) => void, onText: (text: string) => void): void {
  const latest = useRef({ ctx, onKey, onText });
  latest.current = { ctx, onKey, onText };
  const handler = useRef<Handler>((input, key) => {
    const { ctx: now, onKey: press, onText: type } = latest.current;
    for (const resolved of resolveInput(now, input, key)) {
      if ('text' in resolved) type(resolved.text);
      else press(resolved.id);
    }
  }).current;
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
