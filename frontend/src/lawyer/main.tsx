import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { I18nProvider, initialLanguage } from '../i18n';
import { startCrypto } from '../shared/crypto';
import '../shared/styles.css';
import { LawyerPage } from './LawyerPage';
import { loadLawyerMessages } from './messages';

// The worker (OpenPGP.js, the largest download) starts fetching now, while the page renders.
startCrypto();

const lang = initialLanguage();
void loadLawyerMessages(lang).then((messages) => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider initial={{ lang, messages }} load={loadLawyerMessages}>
        <LawyerPage />
      </I18nProvider>
    </StrictMode>,
  );
});
