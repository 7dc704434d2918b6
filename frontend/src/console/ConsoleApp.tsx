import { lazy, Suspense, useCallback, useEffect, useState } from 'react';

import type { KeyRef } from '../../../crypto/src/types';
import { useI18n } from '../i18n';
import { ApiError } from '../shared/api';
import { startCrypto } from '../shared/crypto';
import { describeApiError } from '../shared/errors';
import { Alert, Layout } from '../shared/Layout';
import { AuditLog } from './admin/AuditLog';
import { CertifyKeys } from './admin/CertifyKeys';
import { DestinationKeysPanel } from './admin/DestinationKeysPanel';
import { ReviewersPanel } from './admin/ReviewersPanel';
import { logout, type LoginTicket, type Session } from './consoleApi';
import { EnrollSecondFactor } from './EnrollSecondFactor';
import { Inbox } from './Inbox';
import { LoginForm } from './LoginForm';
import { RecoveryCodes } from './RecoveryCodes';
import { ReportDetail } from './ReportDetail';
import { SecondFactorForm } from './SecondFactorForm';
import { ReviewerKeyGate } from './keys/ReviewerKeyGate';

// The chart library loads only when a reviewer opens the dashboard.
const Dashboard = lazy(() => import('./Dashboard'));

/** Where a login stands between the password and the session. */
type LoginStep =
  | { step: 'password' }
  | { step: 'second-factor'; username: string; loginToken: string }
  | { step: 'enrollment'; username: string; loginToken: string; secret: string; otpauthUri: string }
  | { step: 'recovery-codes'; session: Session; codes: string[] };

type Section = 'reports' | 'dashboard' | 'reviewers' | 'audit' | 'destinations';

/**
 * The console keeps everything in memory: the session token, the unlocked key
 * (inside the crypto worker), which report is open. Reloading the tab or
 * logging out forgets all of it. No report id goes into the URL or history.
 */
export function ConsoleApp() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(null);
  const [login, setLogin] = useState<LoginStep>({ step: 'password' });
  const [section, setSection] = useState<Section>('reports');
  const [key, setKey] = useState<{ keyRef: KeyRef; fingerprint: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const forget = useCallback((message: string | null) => {
    void startCrypto().clearKeyStore();
    setSession(null);
    setLogin({ step: 'password' });
    setSection('reports');
    setKey(null);
    setOpenId(null);
    setNotice(message);
  }, []);

  const passed = (ticket: LoginTicket, username: string) => {
    setNotice(null);
    if (ticket.next === 'enrollment' && ticket.enrollment) {
      setLogin({ step: 'enrollment', username, loginToken: ticket.loginToken, ...ticket.enrollment });
    } else setLogin({ step: 'second-factor', username, loginToken: ticket.loginToken });
  };
  const loggedIn = (s: Session) => {
    setSession(s);
    setLogin({ step: 'password' });
    setNotice(s.recoveryCodesLeft === undefined ? null : t('console.recovery.left', { count: s.recoveryCodesLeft }));
  };
  const restart = (message: string) => {
    setLogin({ step: 'password' });
    setNotice(message);
  };

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

  const isAdministrator = session?.reviewer.roles.includes('administrator') ?? false;
  const header = session && (
    <div className="session-bar">
      <span>{t('console.signedInAs', { username: session.reviewer.username })}</span>
      {
        <nav className="console-nav" aria-label={t('console.nav.label')}>
          {(isAdministrator
            ? (['reports', 'dashboard', 'reviewers', 'audit', 'destinations'] as const)
            : (['reports', 'dashboard'] as const)
          ).map((name) => (
            <button
              key={name}
              type="button"
              className="button button--small"
              aria-current={section === name ? 'page' : undefined}
              onClick={() => {
                setSection(name);
                setOpenId(null);
              }}
            >
              {t(`console.nav.${name}`)}
            </button>
          ))}
        </nav>
      }
      {key && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            setKey(null);
            setOpenId(null);
          }}
        >
          {t('console.ownKey.change')}
        </button>
      )}
      <button type="button" className="button button--small" onClick={() => void signOut()}>
        {t('console.logout')}
      </button>
    </div>
  );
  const reports = session && section === 'reports';

  return (
    <Layout subtitle={t('console.title')} aside={header}>
      {!session && login.step === 'password' && <LoginForm notice={notice} onPassed={passed} />}
      {!session && login.step === 'second-factor' && (
        <SecondFactorForm
          username={login.username}
          loginToken={login.loginToken}
          onLoggedIn={loggedIn}
          onExpired={restart}
        />
      )}
      {!session && login.step === 'enrollment' && (
        <EnrollSecondFactor
          username={login.username}
          loginToken={login.loginToken}
          secret={login.secret}
          otpauthUri={login.otpauthUri}
          onEnrolled={(s, codes) => setLogin({ step: 'recovery-codes', session: s, codes })}
          onExpired={restart}
        />
      )}
      {!session && login.step === 'recovery-codes' && (
        <RecoveryCodes codes={login.codes} onDone={() => loggedIn(login.session)} />
      )}
      {session && notice && <Alert kind="info">{notice}</Alert>}
      {reports && !key && (
        <ReviewerKeyGate token={session.token} administrator={isAdministrator} onUnlocked={setKey} onError={onError} />
      )}
      {reports && key && !openId && (
        <Inbox token={session.token} username={session.reviewer.username} onOpen={openReport} onError={onError} />
      )}
      {reports && key && openId && (
        <ReportDetail
          id={openId}
          token={session.token}
          username={session.reviewer.username}
          keyRef={key.keyRef}
          onBack={closeReport}
          onError={onError}
        />
      )}
      {session && section === 'dashboard' && (
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          <Dashboard token={session.token} onError={onError} />
        </Suspense>
      )}
      {session && section === 'reviewers' && (
        <>
          <ReviewersPanel token={session.token} self={session.reviewer.username} onError={onError} />
          <CertifyKeys token={session.token} onError={onError} />
        </>
      )}
      {session && section === 'audit' && <AuditLog token={session.token} onError={onError} />}
      {session && section === 'destinations' && <DestinationKeysPanel token={session.token} onError={onError} />}
    </Layout>
  );
}
