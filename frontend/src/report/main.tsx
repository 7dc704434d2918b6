import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { I18nProvider } from '../i18n';
import '../shared/styles.css';
import { ReportPage } from './ReportPage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ReportPage />
    </I18nProvider>
  </StrictMode>,
);
