import { useCallback, useEffect, useState } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { useI18n } from '../i18n';
import { ApiError } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { describeApiError } from '../shared/errors';
import { Layout } from '../shared/Layout';
import { logout, type Session } from './consoleApi';
import { Inbox } from './Inbox';
import { LoginForm } from './LoginForm';
import { ReportDetail } from './ReportDetail';
import { UnlockKey } from './UnlockKey';

/**
 * The console keeps everything in memory: the session token, the unlocked key
 * (inside the crypto worker), which report is open. Reloading the tab or
 * logging out forgets all of it. No report id goes into the URL or history.
 */
export function ConsoleApp() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(null);
  const [key, setKey] = useState<{ keyRef: KeyRef; fingerprint: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const forget = useCallback((message: string | null) => {
    void startCrypto().clearKeyStore();
    setSession(null);
    setKey(null);
    setOpenId(null);
    setNotice(message);
  }, []);

  /** An expired session sends the reviewer back to log in, with the key locked again. */
  const onError = useCallback(
    (error: unknown): string | null => {
      if (error instanceof ApiError && error.status === 401) {
        forget(t('console.session.ended'));
        return null;
      }
      return describeApiError(error, t);
    },
    [forget, t],
  );

  // The browser's Back button closes an open report instead of leaving the
  // console (which would forget the session and the unlocked key). The
  // history entry carries no report id.
  const openReport = useCallback((id: string) => {
    window.history.pushState({ whistle412: 'report' }, '');
    setOpenId(id);
  }, []);
  const closeReport = useCallback(() => {
    if ((window.history.state as { whistle412?: string } | null)?.whistle412 === 'report') window.history.back();
    else setOpenId(null);
  }, []);
  useEffect(() => {
    const onPop = (event: PopStateEvent) => {
      if ((event.state as { whistle412?: string } | null)?.whistle412 !== 'report') setOpenId(null);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // Leaving or reloading the page ends the work (nothing is kept); ask first.
  useEffect(() => {
    if (!session) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [session]);

  const signOut = async () => {
    if (session) await logout(session.token).catch(() => {});
    forget(null);
  };

  const header = session && (
    <div className="session-bar">
      <span>{t('console.signedInAs', { username: session.reviewer.username })}</span>
      <button type="button" className="button button--small" onClick={() => void signOut()}>
        {t('console.logout')}
      </button>
    </div>
  );

  return (
    <Layout subtitle={t('console.title')} aside={header}>
      {!session && (
        <LoginForm
          notice={notice}
          onLoggedIn={(s) => {
            setNotice(null);
            setSession(s);
          }}
        />
      )}
      {session && !key && <UnlockKey onUnlocked={setKey} />}
      {session && key && !openId && <Inbox token={session.token} onOpen={openReport} onError={onError} />}
      {session && key && openId && (
        <ReportDetail id={openId} token={session.token} keyRef={key.keyRef} onBack={closeReport} onError={onError} />
      )}
    </Layout>
  );
}
