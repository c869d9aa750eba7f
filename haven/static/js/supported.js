// Loaded as a classic script at the very top of <body> (no inline scripts: Haven's CSP allows
// only its own files). It does what GOV.UK Frontend's page template does inline: tell the CSS
// that JavaScript runs and that the browser supports ES modules, before the page is painted.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
