"""Search's URLs with the real sign-in, and stand-ins for the named URLs the layout and the
results link to, so these tests do not depend on the people and casework apps' views."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def stub(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("stub")


casework = ([path("my-work/", stub, name="my_work"), path("team/", stub, name="team")], "casework")
people = ([path("<int:pk>/", stub, name="child_chronology")], "people")
# The layout's menu links to the hub and the partner pages for the roles that use them.
hub = ([path("hub/", stub, name="queue")], "hub")
partner = ([path("partner/", stub, name="home")], "partner")

urlpatterns = [
    path("", include("haven.core.urls")),
    path("", include(casework)),
    path("people/", include(people)),
    path("", include(hub)),
    path("", include(partner)),
    path("search/", include("haven.search.urls")),
]
