/** The one input hook of the screens: keys resolved through the keymap, then dispatched. Nothing else happens here. */
import { useInput } from 'ink';
import { useCallback, useRef } from 'react';
import { resolveInput, type KeyContext, type KeyId } from '../keymap.js';

/** Calls `onKey` or `onText` for each key the keymap resolves in the current context. */
export function useKeys(ctx: KeyContext, onKey: (id: KeyId) => void, onText: (text: string) => void): void {
  const latest = useRef({ ctx, onKey, onText });
  latest.current = { ctx, onKey, onText };
  const handler = useCallback((input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    const { ctx: now, onKey: key_, onText: text } = latest.current;
    for (const resolved of resolveInput(now, input, key)) {
      if ('text' in resolved) text(resolved.text);
      else key_(resolved.id);
    }
  }, []);
  useInput(handler);
}
