"""The hub's "find their records" page: for each person named in a contact, the existing
records that may be them, and linking one, adding a new record or undoing a link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.forms import BaseForm
from haven.core.steps import ListPageView
from haven.frontdoor import matching, selectors
from haven.frontdoor.matching_forms import LinkRecordForm, NewRecordForm, UnlinkForm, described
from haven.frontdoor.models import Contact, ContactPerson
from haven.people.models import Person

ACTIONS = ("link", "new", "unlink")
FormT = TypeVar("FormT", bound=BaseForm)


@dataclass(frozen=True)
class Panel:
    """What the page shows for one person named: the matches and a form for each action."""

    person: matching.NamedPerson
    title: str
    link_form: LinkRecordForm
    new_form: NewRecordForm
    unlink_form: UnlinkForm
    link_url: str
    new_url: str
    unlink_url: str


@dataclass(frozen=True)
class Failure:
    """A POST that changed nothing: which form, what was typed, and the refusal if any."""

    named_id: int
    action: str
    data: Any
    error: RuleBroken | None


class ContactPeopleView(ListPageView):
    """GET: each person named, with their linked record or their matches. POST (the form's
    URL says which person and which action): one service call; a refusal is shown on the page
    with the answers kept, and changes nothing."""

    capability = Capability.HUB_WORK
    template_name = "frontdoor/contact_people.html"
    # Each record shown (a match or a linked record) is one VIEW row; each matching one SEARCH.
    list_detail = "matched with a contact in the hub"
    list_reason = "hub matching"

    contact: Contact
    failure: Failure | None = None

    def _load(self) -> None:
        # After the role check (StaffPageView.dispatch): no one outside the hub learns which
        # contact numbers exist.
        contact = selectors.contact_get(self.kwargs["contact_id"])
        if contact is None:
            raise Http404("No contact found")
        self.contact = contact

    def _url(self, **query: Any) -> str:
        url = reverse("hub:contact_people", kwargs={"contact_id": self.contact.pk})
        return f"{url}?{urlencode(query)}" if query else url

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        people = matching.contact_people_matching(user=self.request.user, contact=self.contact)
        panels = [self._panel(person) for person in people]
        error_form = next(
            (
                form
                for panel in panels
                for form in (panel.link_form, panel.new_form, panel.unlink_form)
                if form.is_bound and form.errors
            ),
            None,
        )
        return super().get_context_data(
            contact=self.contact,
            panels=panels,
            error_form=error_form,
            decided=self.contact.status == Contact.Status.DECIDED,
            **kwargs,
        )

    def _panel(self, person: matching.NamedPerson) -> Panel:
        named = person.named
        return Panel(
            person=person,
            title=described(named),
            link_form=self._shown(
                LinkRecordForm(self._posted(named, "link"), named=named, matches=person.linkable)
            ),
            new_form=self._shown(NewRecordForm(self._posted(named, "new"), named=named)),
            unlink_form=self._shown(UnlinkForm(self._posted(named, "unlink"), named=named)),
            link_url=self._url(person=named.pk, action="link"),
            new_url=self._url(person=named.pk, action="new"),
            unlink_url=self._url(person=named.pk, action="unlink"),
        )

    def _posted(self, named: ContactPerson, action: str) -> Any:
        """What was typed into this form, if it is the one a refused POST came from."""
        failed = self.failure
        if failed is None or (failed.named_id, failed.action) != (named.pk, action):
            return None
        return failed.data

    def _shown(self, form: FormT) -> FormT:
        """The form as it is shown: with the service's refusal if it was the one refused."""
        failed = self.failure
        if form.is_bound and form.is_valid() and failed is not None and failed.error is not None:
            field = failed.error.field if failed.error.field in form.fields else None
            form.add_error(field, failed.error.message)
        return form

    @staticmethod
    def _form(action: str, named: ContactPerson, data: Any) -> BaseForm:
        """The form a POST is checked with (the radios need no choices: the service checks)."""
        if action == "link":
            return LinkRecordForm(data, named=named, matches=())
        if action == "new":
            return NewRecordForm(data, named=named)
        return UnlinkForm(data, named=named)

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        ids: list[int] = []
        for panel in context.get("panels", []):
            if panel.person.linked is not None:
                ids.append(panel.person.linked.pk)
            ids.extend(match.person_id for match in panel.person.candidates)
        return ids

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        action = request.GET.get("action", "")
        named_id = request.GET.get("person", "")
        if action not in ACTIONS or not named_id.isdigit() or int(named_id) >= 2**63:
            raise Http404("No such person in this contact")
        named = ContactPerson.objects.filter(contact=self.contact, pk=int(named_id)).first()
        if named is None:
            raise Http404("No such person in this contact")
        form = self._form(action, named, request.POST)
        if not form.is_valid():
            return self._refused(request, named, action, None)
        try:
            message = self._perform(action, named, form.cleaned_data)
        except RuleBroken as error:
            return self._refused(request, named, action, error)
        except policy.AccessDenied:
            raise PermissionDenied from None
        messages.success(request, message)
        return HttpResponseRedirect(self._url())

    def _refused(
        self, request: HttpRequest, named: ContactPerson, action: str, error: RuleBroken | None
    ) -> HttpResponse:
        self.failure = Failure(named_id=named.pk, action=action, data=request.POST, error=error)
        return super().get(request)

    def _perform(self, action: str, named: ContactPerson, data: dict[str, Any]) -> str:
        """One service call; returns what to tell the officer."""
        user = self.request.user
        name = described(named)
        if action == "link":
            person = Person(pk=data["record"])
            matching.contact_person_link(acting_user=user, named=named, person=person)
            return f"{name} linked to an existing record"
        if action == "new":
            matching.contact_person_create_record(
                acting_user=user,
                named=named,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
            )
            return f"New record added for {name}"
        matching.contact_person_unlink(acting_user=user, named=named)
        return f"{name} unlinked from the record"
