import { useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to an element (a view's heading, with tabIndex -1)
 * when it appears, so keyboard and screen-reader users start where the new
 * view starts rather than at the top of the page.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
