import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { I18nProvider, initialLanguage } from '../i18n';
import '../shared/styles.css';
import { ConsoleApp } from './ConsoleApp';
import { loadConsoleMessages } from './messages';

const lang = initialLanguage();
void loadConsoleMessages(lang).then((messages) => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider initial={{ lang, messages }} load={loadConsoleMessages}>
        <ConsoleApp />
      </I18nProvider>
    </StrictMode>,
  );
});
