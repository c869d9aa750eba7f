"""Core's URLs plus stand-ins for the other apps' named URLs that the layouts link to.

Lets core's tests run before (and independently of) casework, people and search.
"""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import include, path

CHILD_TABS = (
    "chronology",
    "family",
    "episodes",
    "visits",
    "notes",
    "allocations",
    "details",
    "access_log",
)


def stub(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("stub")


def stub_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    """layouts/case.html with the context the people app will give it."""
    child = {"full_name": "Jane Smith", "pk": pk}
    summary = {
        "name": "Jane Smith",
        "known_as": "Janey",
        "date_of_birth": datetime.date(2019, 3, 3),
        "age": "7 years",
        "sex": "Female",
        "la_child_id": "HBC000123",
        "nhs_number": "",
        "alerts": ["Violent adult in household"],
        "worker": None,
        "team": "Safeguarding team 1",
        "status": "Child protection plan since 3 March 2026",
        "next_due": [
            {
                "label": "Core group",
                "due_date": datetime.date(2026, 4, 1),
                "status": "overdue",
                "days_overdue": 3,
            }
        ],
    }
    context = {
        "child": child,
        "summary": summary,
        "active_tab": "visits",
        "can_view_case": True,
        "can_change": True,
        "can_see_access_log": True,
    }
    return render(request, "layouts/case.html", context)


casework = ([path("my-work/", stub, name="my_work"), path("team/", stub, name="team")], "casework")
people = (
    [path(f"children/<int:pk>/{tab}/", stub, name=f"child_{tab}") for tab in CHILD_TABS],
    "people",
)
search = ([path("search/", stub, name="person_search")], "search")
hub = ([path("", stub, name="queue")], "hub")
partner = ([path("", stub, name="home")], "partner")

urlpatterns = [
    path("", include("haven.core.urls")),
    path("", include(casework)),
    path("people/", include(people)),
    path("", include(search)),
    path("hub/", include(hub)),
    path("partner/", include(partner)),
    path("test/case/<int:pk>/", case_page, name="test_case_page"),
    path("test/json/", stub_json, name="test_json"),
]
