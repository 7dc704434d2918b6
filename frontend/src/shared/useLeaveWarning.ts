import { useEffect } from 'react';

/**
 * While `active`, leaving or reloading the page asks first (the browser's own
 * question): what would be lost is kept nowhere else, by design.
 */
export function useLeaveWarning(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);
}
