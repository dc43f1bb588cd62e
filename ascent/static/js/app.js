// Start GOV.UK Frontend's components (error summary focus, navigation toggle, etc.).
import { initAll } from '../build/govuk/govuk-frontend.min.js';

initAll();
