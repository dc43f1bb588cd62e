// Tell GOV.UK Frontend's styles that JavaScript modules run here (kept in a file, not
// inline, so the Content Security Policy can forbid inline scripts).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
