// Autosaves drafts of long forms (security reference R17), so that a session timeout or a
// closed tab loses at most a few seconds of typing. Loaded with <script type="module"> on the
// pages that keep drafts (haven/drafts/templates/drafts/step_form.html); without JavaScript the
// form works as before, just without autosave.
//
// A form with data-autosave-url (and data-autosave-key, the page's path) posts its answers
// there:
//   - QUIET_MS after the last change,
//   - at least every MAX_UNSAVED_MS while there are unsaved changes (so continuous typing is
//     saved too),
//   - at once when the page is hidden or left (visibilitychange, pagehide), with
//     fetch(keepalive): navigator.sendBeacon cannot send the X-CSRFToken header.
// So unsaved typing is never more than MAX_UNSAVED_MS old while the session lasts, and when the
// session has ended the next attempt (at most MAX_UNSAVED_MS later) says so.
// A status line under the form ("Draft saved at 14:32") is announced politely.

const QUIET_MS = 2000
const MAX_UNSAVED_MS = 15000
const KEEPALIVE_LIMIT = 60000 // browsers refuse keepalive bodies over 64 KiB
const KEY_FIELD = 'haven-draft-key' // as haven/drafts/views.py expects
const CSRF_FIELD = 'csrfmiddlewaretoken'

class Autosave {
  constructor (form) {
    this.form = form
    this.url = form.dataset.autosaveUrl
    this.key = form.dataset.autosaveKey || window.location.pathname
    this.changes = 0 // changes made since the page loaded
    this.saved = 0 // how many of them the server has
    this.refusedAt = -1 // changes count of a save the server refused (retry only after more)
    this.quietTimer = null
    this.maxTimer = null
    this.sending = null // the save being sent, if any
    this.savedAt = '' // "14:32", the time of the last save
    this.stopped = false // signed out: saving cannot work any more
    this.submitting = false

    this.status = document.createElement('p')
    this.status.className = 'govuk-hint haven-autosave-status'
    this.status.setAttribute('aria-live', 'polite')
    this.status.setAttribute('data-testid', 'autosave-status')
    const buttons = form.querySelector('.govuk-button-group')
    form.insertBefore(this.status, buttons && buttons.parentNode === form ? buttons : null)

    form.addEventListener('input', () => this.changed())
    form.addEventListener('change', () => this.changed())
    form.addEventListener('submit', (event) => this.submit(event, form))
    // Discarding the draft stops autosave too, or a last save could bring the draft back.
    for (const discard of document.querySelectorAll('form[data-autosave-discard]')) {
      discard.addEventListener('submit', (event) => this.submit(event, discard))
    }
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.save({ leaving: true })
    })
    window.addEventListener('pagehide', () => this.save({ leaving: true }))
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) this.submitting = false // back from the back-forward cache
    })
  }

  get unsaved () {
    return this.changes > this.saved && this.changes !== this.refusedAt
  }

  changed () {
    if (this.submitting) return
    this.changes += 1
    clearTimeout(this.quietTimer)
    this.quietTimer = setTimeout(() => this.save(), QUIET_MS)
    if (this.maxTimer === null) this.maxTimer = setTimeout(() => this.save(), MAX_UNSAVED_MS)
  }

  clearTimers () {
    clearTimeout(this.quietTimer)
    clearTimeout(this.maxTimer)
    this.quietTimer = null
    this.maxTimer = null
  }

  save ({ leaving = false } = {}) {
    if (this.sending) {
      this.again = true // save once more when this one is answered
      return
    }
    this.clearTimers()
    if (this.stopped || this.submitting || !this.unsaved) return
    const upTo = this.changes
    const body = this.body()
    const token = this.form.querySelector(`input[name="${CSRF_FIELD}"]`)
    this.sending = fetch(this.url, {
      method: 'POST',
      body,
      headers: { 'X-CSRFToken': token ? token.value : '', Accept: 'application/json' },
      credentials: 'same-origin',
      redirect: 'manual', // a session that has ended is redirected to sign in
      cache: 'no-store',
      keepalive: leaving && body.toString().length < KEEPALIVE_LIMIT
    })
      .then((response) => this.answered(response, upTo))
      .catch(() => {
        this.show('Your draft could not be saved. Check your connection: it will be tried again.')
      })
      .finally(() => {
        this.sending = null
        const delay = this.again ? QUIET_MS : MAX_UNSAVED_MS
        this.again = false
        if (this.unsaved && !this.stopped && !this.submitting && this.maxTimer === null) {
          this.maxTimer = setTimeout(() => this.save(), delay)
        }
      })
  }

  body () {
    const data = new URLSearchParams()
    for (const [name, value] of new FormData(this.form)) {
      if (typeof value === 'string' && name !== CSRF_FIELD) data.append(name, value) // no files
    }
    data.append(KEY_FIELD, this.key)
    return data
  }

  async answered (response, upTo) {
    if (response.type === 'opaqueredirect' || response.status === 401) {
      this.stopped = true
      this.clearTimers()
      const since = this.savedAt ? `since ${this.savedAt}` : 'on this page'
      this.show(
        'You have been signed out, so your draft is no longer being saved. ' +
          `Copy anything you have typed ${since}, then save the form: ` +
          'you will be asked to sign in again, and your draft will be restored.'
      )
      return
    }
    let answer = null
    try {
      answer = await response.json()
    } catch {
      answer = null
    }
    if (response.ok && answer && answer.message) {
      this.saved = Math.max(this.saved, upTo)
      this.savedAt = answer.time
      this.show(answer.message)
      return
    }
    this.refusedAt = upTo // the same answers would be refused again
    if (response.status === 403) this.stopped = true
    this.show(answer && answer.detail ? answer.detail : 'Your draft could not be saved.')
  }

  submit (event, form) {
    if (this.submitting) return // sent again once the last save was answered: let it go
    this.submitting = true
    this.clearTimers()
    if (this.sending) {
      // Let the save finish first, so that it cannot arrive after the form and bring back
      // the draft that saving the form (or discarding the draft) has just removed.
      event.preventDefault()
      const submitter = event.submitter
      this.sending.finally(() => {
        if (form.requestSubmit) form.requestSubmit(submitter || undefined)
        else form.submit()
      })
    }
  }

  show (text) {
    this.status.textContent = text
  }
}

for (const form of document.querySelectorAll('form[data-autosave-url]')) {
  new Autosave(form) // eslint-disable-line no-new
}
