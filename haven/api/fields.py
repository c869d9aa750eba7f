"""What a partner system may read back about a contact it sent, per agency: the one place that
decides it (security reference 2.5 and R9; ASVS 5 8.2.3 field-level access; Caldicott
principle 3, the minimum necessary).

A partner sees where its contact has got to, never the hub's working: not the RAG rating or
its reason, not the decision's reasons, not what other agencies said, not the people records
the hub linked, not the children's or adults' details (it sent them; it does not need them
back). Police and health also see the type of decision, because with the council they are the
statutory safeguarding partners (Children Act 2004, section 16E) who join a strategy
discussion when one is decided (Working Together 2023, 4.1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from haven.frontdoor.models import Contact, PartnerAgency

# Every field a partner may ever see, and how to read it from a contact. A field whose reader
# gives None is left out of the answer (for example the outcome before there is one).
READERS: dict[str, Callable[[Contact], Any]] = {
    "reference": lambda c: c.reference,
    "received_at": lambda c: c.received_at.isoformat(),
    "status": lambda c: c.status,
    "decision_due_at": lambda c: c.due_at.isoformat(),
    "decided": lambda c: c.status == Contact.Status.DECIDED,
    "decided_at": lambda c: c.decided_at.isoformat() if c.decided_at else None,
    "decision": lambda c: c.decision or None,
    "referrer_outcome": lambda c: (
        c.referrer_outcome or None if c.status == Contact.Status.DECIDED else None
    ),
}

PROGRESS = ("reference", "received_at", "status", "decision_due_at", "decided", "decided_at")
OUTCOME = ("referrer_outcome",)
SAFEGUARDING_PARTNER = ("decision",)

VISIBLE_FIELDS: dict[str, tuple[str, ...]] = {
    PartnerAgency.POLICE: PROGRESS + OUTCOME + SAFEGUARDING_PARTNER,
    PartnerAgency.HEALTH: PROGRESS + OUTCOME + SAFEGUARDING_PARTNER,
    PartnerAgency.EDUCATION: PROGRESS + OUTCOME,
    PartnerAgency.PROBATION: PROGRESS + OUTCOME,
    PartnerAgency.HOUSING: PROGRESS + OUTCOME,
}


def contact_for_partner(contact: Contact, *, agency: str) -> dict[str, Any]:
    """The contact as this agency may see it; an agency not listed sees nothing."""
    values = {name: READERS[name](contact) for name in VISIBLE_FIELDS.get(agency, ())}
    return {name: value for name, value in values.items() if value is not None}
