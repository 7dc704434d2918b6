import type { ReactNode } from 'react';

import { Alert } from './Layout';
import { useFocusOnMount } from './useFocusOnMount';

/**
 * An alert that takes the focus when it appears: the outcome of a button the
 * person just pressed (sending failed, or went through), which a phone might
 * otherwise show screens away from where they are looking. Give it a new
 * `key` for each attempt so a second failure takes the focus again.
 */
export function FocusedAlert({
  kind,
  title,
  testId,
  children,
}: {
  kind: 'error' | 'success';
  title?: string;
  testId: string;
  children: ReactNode;
}) {
  const focus = useFocusOnMount<HTMLDivElement>();
  return (
    <div ref={focus} tabIndex={-1} className="focused-alert" data-testid={testId}>
      <Alert kind={kind} {...(title ? { title } : {})}>
        {children}
      </Alert>
    </div>
  );
}
