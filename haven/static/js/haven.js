// Starts GOV.UK Frontend and MOJ Frontend components on every page. Loaded with
// <script type="module">, so it runs only in browsers GOV.UK Frontend supports, after the page
// is parsed. Imports are relative to this file so they work under any STATIC_URL.
import { initAll as initGovukFrontend } from '../vendor/govuk/govuk-frontend.min.js'
import { initAll as initMojFrontend } from '../vendor/moj/moj-frontend.min.js'

initGovukFrontend()
initMojFrontend()
