from __future__ import annotations

from haven.search import nicknames


def test_other_forms_go_both_ways() -> None:
    assert "robert" in nicknames.other_forms("Bob")
    assert {"bob", "rob", "bobby"} <= nicknames.other_forms("robert")
    assert {"samantha", "samuel"} <= nicknames.other_forms("sam")
    assert nicknames.other_forms("zebedee") == frozenset()


def test_shared_formal_name() -> None:
    assert nicknames.shared_formal_name("bob", "robert") == "robert"
    assert nicknames.shared_formal_name("bob", "bobby") == "robert"
    assert nicknames.shared_formal_name("bob", "william") is None


def test_the_table_is_lower_case_single_words_with_about_40_pairs_or_more() -> None:
    names = [name for group in nicknames.NICKNAME_GROUPS for name in group]
    assert all(name.isalpha() and name == name.lower() for name in names)
    assert len(names) - len(nicknames.NICKNAME_GROUPS) >= 40
