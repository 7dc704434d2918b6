import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { I18nProvider } from '../i18n';
import '../shared/styles.css';
import { ConsoleApp } from './ConsoleApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ConsoleApp />
    </I18nProvider>
  </StrictMode>,
);
