"""One cause, one message: a whole column refused for one reason is said once, with the count of rows."""

import pytest

from .import_helpers import plan_of

pytestmark = pytest.mark.usefixtures("english")


def test_a_status_column_in_an_import_without_a_named_user_is_one_message_with_the_count(gdansk):
    rows = "".join(
        f"{code};2019;{figure};verified\n" for code, figure in (("5.1", 5), ("5.2", 6), ("6.1", 90))
    )
    plan = plan_of(f"Wskaźnik;Rok;Wartość;Status\n{rows}".encode(), gdansk, name="values.csv")
    texts = [str(problem) for problem in plan.errors]
    assert len(texts) == 1, texts
    assert "named user" in texts[0]
    assert "3 rows" in texts[0]


def test_different_causes_keep_their_own_messages(gdansk):
    plan = plan_of("Wskaźnik;Rok;Wartość\n5.1;2019;150\n5.1;2020;-3\n".encode(), gdansk, name="values.csv")
    assert len(plan.errors) == 2
